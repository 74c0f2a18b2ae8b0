import type { Links, Meta, OBAmount, OBBalanceType, OBCreditDebitCode } from './envelope';

/** One entry of `OBReadBalance1.Data.Balance`. */
export interface OBCashBalance {
  AccountId: string;
  CreditDebitIndicator: OBCreditDebitCode;
  Type: OBBalanceType;
  DateTime: string;
  Amount: OBAmount & { SubType?: 'BCUR' | 'LCUR' };
}

/** `components.schemas.OBReadBalance1`: GET balances and accounts/{AccountId}/balances (at least one balance). */
export interface OBReadBalance1 {
  Data: { Balance: OBCashBalance[]; TotalValue?: OBAmount };
  Links?: Links;
  Meta?: Meta;
}
