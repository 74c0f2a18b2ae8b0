import type { ObJson } from '@fapi/nats-contract';
import type { Prisma } from '../../generated/prisma';
import { formatMinor } from '../ledger/money';
import { type PaymentParty, SORT_CODE_ACCOUNT_NUMBER } from './payee';
import type { PaymentStatus } from './payment-status';

/** What the API step hands over when a TPP's POST domestic-payments has passed its checks. */
export interface AcceptDomesticPayment {
  /** DomesticPaymentId, chosen by the API (at most 40 characters); accepting the same id again returns that payment. */
  paymentId: string;
  consentId: string;
  clientId: string;
  /** The consent's debtor account: a customer's account at this bank. */
  debtorAccountId: string;
  creditor: PaymentParty;
  /** OB decimal string, e.g. "12.50". */
  amount: string;
  currency: string;
  reference?: string;
  /** OB Initiation and Risk, kept verbatim for the API's responses. */
  initiation: ObJson;
  risk: ObJson;
  /** The consent's ReadRefundAccount was Yes: the API names the debtor account on this payment (OB Data.Debtor). */
  readRefundAccount: boolean;
}

/** One status change, oldest first (payment-details). */
export interface PaymentStatusEntry {
  /** Absent for the first entry (the payment was received). */
  fromStatus?: PaymentStatus;
  status: PaymentStatus;
  /** ISO 8601. */
  at: string;
  /** ISO ExternalStatusReason1Code when there is one (RJCT: AM04). */
  reasonCode?: string;
  reason: string;
}

/** A domestic payment as the bank keeps it (timestamps ISO 8601). */
export interface DomesticPaymentRecord {
  paymentId: string;
  consentId: string;
  clientId: string;
  debtorAccountId: string;
  /** The debtor account as the bank's books name it: its sort code and account number, its holder's name. */
  debtor: PaymentParty & { scheme: typeof SORT_CODE_ACCOUNT_NUMBER };
  /** Whether the API names the debtor account on this payment (the consent's ReadRefundAccount was Yes). */
  readRefundAccount: boolean;
  creditor: PaymentParty;
  /** Set at settlement: the payee's account at this bank, or the external clearing account. */
  creditedAccountId?: string;
  /** OB decimal string with two decimals. */
  amount: string;
  currency: string;
  reference?: string;
  initiation: ObJson;
  risk: ObJson;
  status: PaymentStatus;
  /** Why it was rejected (RJCT): ISO ExternalStatusReason1Code and words. */
  statusReason?: { code: string; description: string };
  creationDateTime: string;
  statusUpdateDateTime: string;
  statusHistory: PaymentStatusEntry[];
}

/** How the store reads a payment: with its status history, oldest first, and its debtor account's names. */
export const PAYMENT_RECORD_INCLUDE = {
  statusHistory: { orderBy: { id: 'asc' } },
  debtorAccount: { select: { sortCode: true, accountNumber: true, customer: { select: { name: true } } } },
} satisfies Prisma.DomesticPaymentInclude;

type PaymentRow = Prisma.DomesticPaymentGetPayload<{ include: typeof PAYMENT_RECORD_INCLUDE }>;

export function paymentRecord(row: PaymentRow): DomesticPaymentRecord {
  const { debtorAccount } = row;
  return {
    paymentId: row.paymentId,
    consentId: row.consentId,
    clientId: row.clientId,
    debtorAccountId: row.debtorAccountId,
    debtor: {
      scheme: SORT_CODE_ACCOUNT_NUMBER,
      identification: `${debtorAccount.sortCode}${debtorAccount.accountNumber}`,
      ...(debtorAccount.customer && { name: debtorAccount.customer.name }),
    },
    readRefundAccount: row.readRefundAccount,
    creditor: { scheme: row.creditorScheme, identification: row.creditorIdentification, ...(row.creditorName !== null && { name: row.creditorName }) },
    ...(row.creditedAccountId !== null && { creditedAccountId: row.creditedAccountId }),
    amount: formatMinor(row.amountMinor),
    currency: row.currency,
    ...(row.reference !== null && { reference: row.reference }),
    initiation: row.initiation as ObJson,
    risk: row.risk as ObJson,
    status: row.status,
    ...(row.statusReasonCode !== null && { statusReason: { code: row.statusReasonCode, description: row.statusReason ?? '' } }),
    creationDateTime: row.creationDateTime.toISOString(),
    statusUpdateDateTime: row.statusUpdateDateTime.toISOString(),
    statusHistory: row.statusHistory.map((change) => ({
      ...(change.fromStatus !== null && { fromStatus: change.fromStatus }),
      status: change.toStatus,
      at: change.at.toISOString(),
      ...(change.statusReasonCode !== null && { reasonCode: change.statusReasonCode }),
      reason: change.reason,
    })),
  };
}
