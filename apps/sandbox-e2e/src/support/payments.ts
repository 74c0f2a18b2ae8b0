import { randomUUID } from 'node:crypto';
import type { Agent } from 'undici';
// With its extension: the benchmarks (bench/*.mts, run by Node itself) import this file too.
import { authorizeIntent, type IndependentTpp } from './independent-tpp.ts';

/** The statuses after which a domestic payment no longer moves. */
const FINAL_STATUSES = new Set(['ACSC', 'ACCC', 'RJCT', 'BLCK']);

export interface DomesticPaymentOrder {
  debtorAccountId: string;
  creditorIdentification: string;
  creditorName: string;
  amount: string;
  reference: string;
}

export interface AuthorisedPayment {
  consent: { Data: { ConsentId: string; Initiation: unknown }; Risk: unknown };
  /** The PSU's authorization-code token for this one consent. */
  accessToken: string;
}

/** A signed payment consent for `order`, authorised by the PSU, who picks the debtor account on the bank's page. */
export async function authorisedPaymentConsent(
  tpp: IndependentTpp,
  psu: { username: string; password: string },
  order: DomesticPaymentOrder,
): Promise<AuthorisedPayment> {
  const initiation = {
    InstructionIdentification: randomUUID().slice(0, 35),
    EndToEndIdentification: randomUUID().slice(0, 35),
    InstructedAmount: { Amount: order.amount, Currency: 'GBP' },
    CreditorAccount: { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: order.creditorIdentification, Name: order.creditorName },
    RemittanceInformation: { Structured: [{ CreditorReferenceInformation: { Reference: order.reference } }] }, // v4.0 shape
  };
  const clientToken = (await tpp.clientCredentialsToken('payments')).access_token;
  const consent = await tpp.pisp<AuthorisedPayment['consent']>(
    'POST', 'domestic-payment-consents', clientToken, { Data: { Initiation: initiation }, Risk: {} }, { idempotencyKey: randomUUID() },
  );
  if (consent.status !== 201) throw new Error(`payment consent refused: ${consent.status} ${consent.text}`);
  const tokens = await authorizeIntent(tpp, consent.body.Data.ConsentId, 'openid payments', psu, { debtorAccountId: order.debtorAccountId });
  return { consent: consent.body, accessToken: tokens.access_token };
}

/** POST domestic-payments with the consent's exact Initiation and Risk (through `agent`: another bank instance, say); returns the accepted payment. */
export async function submitPayment(tpp: IndependentTpp, authorised: AuthorisedPayment, agent?: Agent): Promise<{ paymentId: string; status: string }> {
  const { consent, accessToken } = authorised;
  const payment = await tpp.pisp<{ Data: { DomesticPaymentId: string; Status: string } }>(
    'POST', 'domestic-payments', accessToken,
    { Data: { ConsentId: consent.Data.ConsentId, Initiation: consent.Data.Initiation }, Risk: consent.Risk },
    { idempotencyKey: randomUUID(), agent },
  );
  if (payment.status !== 201) throw new Error(`payment refused: ${payment.status} ${payment.text}`);
  return { paymentId: payment.body.Data.DomesticPaymentId, status: payment.body.Data.Status };
}

/** Reads the payment until the bank has settled or rejected it (or `reads` run out); returns the last status. */
export async function awaitFinalStatus(tpp: IndependentTpp, paymentId: string, reads = 100): Promise<string> {
  const clientToken = (await tpp.clientCredentialsToken('payments')).access_token;
  let status = '';
  for (let read = 0; read < reads && !FINAL_STATUSES.has(status); read++) {
    if (read > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = await tpp.pisp<{ Data: { Status: string } }>('GET', `domestic-payments/${paymentId}`, clientToken).catch(() => undefined);
    status = answer?.status === 200 ? answer.body.Data.Status : status;
  }
  return status;
}

/** One domestic payment the whole way: consent, the PSU's authorisation, the order, and its final status. */
export async function payAndAwaitSettlement(
  tpp: IndependentTpp,
  psu: { username: string; password: string },
  order: DomesticPaymentOrder,
): Promise<{ paymentId: string; status: string }> {
  const { paymentId } = await submitPayment(tpp, await authorisedPaymentConsent(tpp, psu, order));
  return { paymentId, status: await awaitFinalStatus(tpp, paymentId) };
}
