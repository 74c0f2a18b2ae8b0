import { randomUUID } from 'node:crypto';
import { authorizeIntent, type IndependentTpp } from './independent-tpp';

/** The statuses after which a domestic payment no longer moves. */
const FINAL_STATUSES = new Set(['ACSC', 'ACCC', 'RJCT', 'BLCK']);

export interface DomesticPaymentOrder {
  debtorAccountId: string;
  creditorIdentification: string;
  creditorName: string;
  amount: string;
  reference: string;
}

/**
 * One domestic payment the whole way: a signed consent, the PSU's authorisation picking the debtor account, the
 * signed payment order, then reads until the bank has settled or rejected it. Returns its final status.
 */
export async function payAndAwaitSettlement(
  tpp: IndependentTpp,
  psu: { username: string; password: string },
  order: DomesticPaymentOrder,
): Promise<{ paymentId: string; status: string }> {
  const initiation = {
    InstructionIdentification: randomUUID().slice(0, 35),
    EndToEndIdentification: randomUUID().slice(0, 35),
    InstructedAmount: { Amount: order.amount, Currency: 'GBP' },
    CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: order.creditorIdentification, Name: order.creditorName },
    RemittanceInformation: { Structured: [{ CreditorReferenceInformation: { Reference: order.reference } }] }, // v4.0 shape
  };
  const clientToken = (await tpp.clientCredentialsToken('payments')).access_token;
  const consent = await tpp.pisp<{ Data: { ConsentId: string; Initiation: unknown }; Risk: unknown }>(
    'POST', 'domestic-payment-consents', clientToken, { Data: { Initiation: initiation }, Risk: {} }, { idempotencyKey: randomUUID() },
  );
  if (consent.status !== 201) throw new Error(`payment consent refused: ${consent.status} ${consent.text}`);
  const tokens = await authorizeIntent(tpp, consent.body.Data.ConsentId, 'openid payments', psu, { debtorAccountId: order.debtorAccountId });
  const payment = await tpp.pisp<{ Data: { DomesticPaymentId: string; Status: string } }>(
    'POST', 'domestic-payments', tokens.access_token,
    { Data: { ConsentId: consent.body.Data.ConsentId, Initiation: consent.body.Data.Initiation }, Risk: consent.body.Risk },
    { idempotencyKey: randomUUID() },
  );
  if (payment.status !== 201) throw new Error(`payment refused: ${payment.status} ${payment.text}`);
  const paymentId = payment.body.Data.DomesticPaymentId;
  let status = payment.body.Data.Status;
  for (let read = 0; read < 100 && !FINAL_STATUSES.has(status); read++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = (await tpp.pisp<{ Data: { Status: string } }>('GET', `domestic-payments/${paymentId}`, clientToken)).body.Data.Status;
  }
  return { paymentId, status };
}
