/** Asks the bank to settle one payment it accepted (Streams.paymentSettlement): settling twice does nothing more. */
export interface PaymentSettlementRequest {
  paymentId: string;
}
