import { createHash, createPrivateKey, type JsonWebKey, randomUUID } from 'node:crypto';
import { signDetachedJws } from '@fapi/message-signing';
import { type CryptoKey, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import type { CustomFetch, CustomFetchOptions, ServerMetadata } from 'openid-client';
import type { PendingAuthorization } from '../authorization-request';
import { type FintechProtocol, fintechProtocol } from '../fintech-protocol';
import type { OnboardedTpp } from '@fapi/onboarding';
import type { OBWriteDomestic2, OBWriteDomesticConsent4, OBWritePaymentDetails1, PaymentStatusCode } from '@fapi/open-banking';
import type { ObTransaction } from '../account-information';
import { ACCOUNTS, BALANCES, TRANSACTIONS } from './ob-fixtures';

export const ISSUER = 'https://as.test';
export const BANK_URL = 'https://bank.test';
export const TPP_URL = 'https://tpp.test';
export const REDIRECT_URI = `${TPP_URL}/callback`;
export const CONSENT_ID = 'aac-5b9d6a8e';
export const PAYMENT_CONSENT_ID = 'pdc-0c4e7f21';
export const PAYMENT_ID = 'dp-93a1b2c4';
export const PISP = `${BANK_URL}/open-banking/v4.0/pisp`;
export const BANK_SIGNING_KID = 'bank-signing-1';
export const PAYMENT_CREATED_AT = '2026-11-25T12:00:05+00:00';
/** The account the PSU chose to pay from at the fake bank. */
export const DEBTOR = { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: '99000110000011', Name: 'Mia Lindqvist' } as const;

/** A payment the fake bank made: its order, current status, and the steps settlement took (payment-details). */
export interface FakePayment {
  request: OBWriteDomestic2;
  status: PaymentStatusCode;
  statusUpdateDateTime: string;
  reason?: { code: string; description: string };
  steps: OBWritePaymentDetails1[];
}

type Alg = 'PS256' | 'ES256';

/** The protocol of a FAPI 1.0 Advanced JARM fintech, the sandbox's first (pages that show it). */
export const FAPI1_JARM_PROTOCOL: FintechProtocol = fintechProtocol({ profile: 'fapi1-advanced', responseStyle: 'jarm', senderConstraint: 'mtls', requestObject: 'signed' });

/** What a spec may override of testTpp's TPP, a profile's choices included (each field on its own). */
export type TppOverrides = { [K in keyof OnboardedTpp]?: OnboardedTpp[K] };

/** A FAPI 2.0 fintech's profile choices, to override testTpp's FAPI 1.0 ones with. */
export const fapi2 = (senderConstraint: 'mtls' | 'dpop', requestObject: 'signed' | 'unsigned' = 'signed'): TppOverrides => ({
  profile: 'fapi2',
  responseStyle: undefined,
  senderConstraint,
  requestObject,
});

const privateKeyObject = async (privateKey: CryptoKey) => createPrivateKey({ key: (await exportJWK(privateKey)) as JsonWebKey, format: 'jwk' });

/** A TPP as onboarding would hand it over, with a freshly generated signing key (and DPoP key, if DPoP-bound). */
export async function testTpp(overrides: TppOverrides = {}): Promise<{ tpp: OnboardedTpp; publicJwk: JWK }> {
  const signingAlg = overrides.signingAlg ?? 'PS256';
  const { privateKey, publicKey } = await generateKeyPair(signingAlg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'tpp-signing-1', alg: signingAlg, use: 'sig' };
  const signingKey = await privateKeyObject(privateKey);
  const dpopKey = overrides.senderConstraint === 'dpop' ? await privateKeyObject((await generateKeyPair(signingAlg, { extractable: true })).privateKey) : undefined;
  const tpp = {
    clientId: 'client-7f3a',
    clientName: 'Acme <Budget> & Co',
    issuer: ISSUER,
    bankUrl: BANK_URL,
    redirectUris: [REDIRECT_URI],
    authMethod: 'private_key_jwt',
    profile: 'fapi1-advanced',
    responseStyle: 'jarm',
    senderConstraint: 'mtls',
    requestObject: 'signed',
    signingAlg,
    signingKid: 'tpp-signing-1',
    transport: { certPem: 'unused', keyPem: 'unused', caPem: 'unused' },
    signingKey,
    publicJwks: { keys: [publicJwk] },
    ...(dpopKey && { dpopKey }),
    ...overrides,
  } as OnboardedTpp;
  return { tpp, publicJwk };
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** The hash ID Tokens carry for a code or state (OIDC Core 3.3.2.11: left half of the SHA-256). */
export const halfHash = (value: string) => createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** How the fake bank signs its PISP responses: properly, or as a broken or forged bank would. */
export type BankSigning = 'valid' | 'missing' | 'tampered' | 'forged';

/** What the fake bank keeps of one signed POST, per idempotency key: the answer it gives again to a repeat. */
interface IdempotentAnswer {
  status: number;
  text: string;
}

/**
 * The access token of a bank request: `Bearer <token>`, or `DPoP <token>` with a proof (the fake bank trusts the
 * proof; the specs check what the fintech put into it with `dpopProof`).
 */
function presentedToken(headers: Record<string, string>): string | undefined {
  const [scheme, token] = (headers.authorization ?? '').split(' ');
  return (scheme === 'DPoP') === (headers.dpop !== undefined) && ['Bearer', 'DPoP'].includes(scheme) ? token : undefined;
}

/** The DPoP proof of a recorded request, decoded: its header (typ, alg, public jwk) and claims (htm, htu, iat, jti, ath). */
export function dpopProof(request: RecordedRequest): { header: ReturnType<typeof decodeProtectedHeader>; claims: JWTPayload } {
  return { header: decodeProtectedHeader(request.headers.dpop), claims: decodeJwt(request.headers.dpop) };
}

/** A fetch failure as undici reports a connection lost before the answer arrived. */
export const connectionReset = () => new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });

/**
 * An authorization server and a bank, answering the TPP's fetch in memory: discovery-free metadata, JWKS, PAR,
 * token endpoint (client credentials and authorization code), and the OB endpoints with fixed payloads.
 */
export class FakeSandbox {
  readonly requests: RecordedRequest[] = [];
  /** What the token endpoint puts into the ID Token for each code it accepts. */
  private readonly codes = new Map<string, { nonce: string; intentId: string }>();
  /** The PISP POST answers by idempotency key (the bank's idempotency, as far as the TPP can see it). */
  private readonly idempotentAnswers = new Map<string, IdempotentAnswer>();
  /** The payments made, by id, with the status settlement has moved them to and the steps it took. */
  readonly payments = new Map<string, FakePayment>();
  /** The payment consents created, by id: whether the TPP asked for the debtor account on the payment. */
  private readonly readRefundAccount = new Map<string, boolean>();
  /** The account-access consent was deleted (DELETE account-access-consents): its token reads nothing any more. */
  accountAccessEnded = false;
  /** Transactions per account, instead of the fixtures' (e.g. enough of them to fill several pages). */
  readonly transactions: Record<string, ObTransaction[]> = {};
  /** How the bank signs its PISP responses. */
  bankSigning: BankSigning = 'valid';
  /** URLs whose GET answers are signed with a key the bank never published, whatever `bankSigning` says. */
  readonly forgedAnswers = new Set<string>();
  /** URLs (method and URL, e.g. `POST https://bank.test/...`) whose next call is processed but its answer lost. */
  private readonly answersToLose = new Set<string>();

  private constructor(
    private readonly keys: Record<Alg, { privateKey: CryptoKey; jwk: JWK & { kid: string } }>,
    /** The bank's message-signing key (PS256), published at BANK_URL/jwks; and a forger's key, never published. */
    private readonly bankKeys: { privateKey: CryptoKey; jwk: JWK; unpublished: CryptoKey },
    private readonly clientId: string,
    /** The alg the TPP registered: the AS signs its ID Tokens and JARM responses with it. */
    private readonly alg: Alg,
  ) {}

  static async create(tpp: Pick<OnboardedTpp, 'clientId' | 'signingAlg'>): Promise<FakeSandbox> {
    const keys = {} as Record<Alg, { privateKey: CryptoKey; jwk: JWK & { kid: string } }>;
    for (const alg of ['PS256', 'ES256'] as const) {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      keys[alg] = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: `as-${alg}`, alg, use: 'sig' } };
    }
    const bank = await generateKeyPair('PS256');
    const bankKeys = {
      privateKey: bank.privateKey,
      jwk: { ...(await exportJWK(bank.publicKey)), kid: BANK_SIGNING_KID, alg: 'PS256', use: 'sig' },
      unpublished: (await generateKeyPair('PS256')).privateKey,
    };
    return new FakeSandbox(keys, bankKeys, tpp.clientId, tpp.signingAlg);
  }

  /** The next call to `method url` reaches the bank (which acts on it) but its answer is lost on the way back. */
  loseNextAnswer(method: string, url: string): void {
    this.answersToLose.add(`${method} ${url}`);
  }

  /** Settlement moved a payment on (at `at`; a rejection with its ISO reason code and the bank's words). */
  settle(paymentId: string, status: PaymentStatusCode, at = '2026-11-25T12:00:06+00:00', reason?: { code: string; description: string }): void {
    const payment = this.payments.get(paymentId);
    if (!payment) throw new Error(`no payment ${paymentId}`);
    payment.status = status;
    payment.statusUpdateDateTime = at;
    payment.reason = reason;
    payment.steps.push({
      PaymentTransactionId: paymentId,
      Status: status as Exclude<PaymentStatusCode, 'RCVD'>,
      StatusUpdateDateTime: at,
      StatusDetail: { Status: status as Exclude<PaymentStatusCode, 'RCVD'>, ...(reason && { StatusReason: reason.code, StatusReasonDescription: reason.description }) },
    });
  }

  metadata(): ServerMetadata {
    return {
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/auth`,
      token_endpoint: `${ISSUER}/token`,
      pushed_authorization_request_endpoint: `${ISSUER}/request`,
      jwks_uri: `${ISSUER}/jwks`,
      id_token_signing_alg_values_supported: ['PS256', 'ES256'],
      authorization_signing_alg_values_supported: ['PS256', 'ES256'],
      dpop_signing_alg_values_supported: ['PS256', 'ES256'],
      authorization_response_iss_parameter_supported: true,
    };
  }

  /** Signs as the AS with its key for `alg`. */
  sign(claims: JWTPayload, alg: Alg = this.alg, key = this.keys[alg].privateKey): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg, kid: this.keys[alg].jwk.kid }).sign(key);
  }

  /** Another key under the AS's kid: what a forger would sign with. */
  async forgedKey(alg: Alg): Promise<CryptoKey> {
    return (await generateKeyPair(alg)).privateKey;
  }

  /** The AS accepted the PSU's approval: this code redeems to an ID Token for the pending request. */
  issueCode(pending: PendingAuthorization, intentId = pending.consentId): string {
    const code = `code-${randomUUID()}`;
    this.codes.set(code, { nonce: pending.nonce, intentId });
    return code;
  }

  /** The JARM response parameter: `response=<JWT>` with the given authorization response claims. */
  async jarm(claims: JWTPayload, alg: Alg = this.alg, key?: CryptoKey): Promise<URLSearchParams> {
    const now = Math.floor(Date.now() / 1000);
    return new URLSearchParams({ response: await this.sign({ iss: ISSUER, aud: this.clientId, exp: now + 60, ...claims }, alg, key) });
  }

  /** The hybrid response (`code`, `id_token` as detached signature, `state`) as the fragment would carry it. */
  async hybrid(pending: PendingAuthorization, idTokenClaims: JWTPayload = {}, alg: Alg = this.alg): Promise<URLSearchParams> {
    const code = this.issueCode(pending);
    const idToken = await this.sign(
      { ...this.idTokenClaims(pending.nonce, pending.consentId), c_hash: halfHash(code), s_hash: halfHash(pending.state), ...idTokenClaims },
      alg,
    );
    return new URLSearchParams({ code, id_token: idToken, state: pending.state, iss: ISSUER });
  }

  /** The plain response (FAPI 2.0 without JARM): `code`, `state` and the issuer (RFC 9207) in the query. */
  plain(pending: PendingAuthorization, overrides: Record<string, string> = {}): URLSearchParams {
    return new URLSearchParams({ code: this.issueCode(pending), state: pending.state, iss: ISSUER, ...overrides });
  }

  idTokenClaims(nonce: string, intentId: string): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    return { iss: ISSUER, aud: this.clientId, sub: 'psu-alice', nonce, iat: now, exp: now + 300, openbanking_intent_id: intentId, acr: 'urn:openbanking:psd2:sca' };
  }

  /** The TPP's fetch, answered here. */
  readonly fetch: CustomFetch = async (url: string, options: CustomFetchOptions) => {
    const answer = await this.answer(url, options);
    if (this.answersToLose.delete(`${options.method} ${url}`)) throw connectionReset();
    return answer;
  };

  private async answer(url: string, options: CustomFetchOptions): Promise<Response> {
    const body = options.body === undefined || options.body === null ? '' : String(options.body);
    this.requests.push({ url, method: options.method, headers: options.headers, body });
    const form = new URLSearchParams(body);
    switch (`${options.method} ${url}`) {
      case `GET ${ISSUER}/jwks`:
        return json(200, { keys: [this.keys.PS256.jwk, this.keys.ES256.jwk] });
      case `POST ${ISSUER}/request`:
        return json(201, { request_uri: 'urn:ietf:params:oauth:request_uri:par-1', expires_in: 60 });
      case `POST ${ISSUER}/token`:
        return this.token(form, options.headers);
      case `POST ${BANK_URL}/open-banking/v4.0/aisp/account-access-consents`:
        return json(201, { Data: { ConsentId: CONSENT_ID, Status: 'AWAU', Permissions: JSON.parse(body).Data.Permissions }, Risk: {}, Links: { Self: url }, Meta: {} });
      case `DELETE ${BANK_URL}/open-banking/v4.0/aisp/account-access-consents/${CONSENT_ID}`:
        if (presentedToken(options.headers) !== 'cc-token-accounts') return json(403, { Code: '403', Message: 'Forbidden', Errors: [{ ErrorCode: 'U028' }] });
        if (this.accountAccessEnded) return json(400, { Code: '400', Message: 'Bad request', Errors: [{ ErrorCode: 'U009', Message: 'the consent is CANC' }] });
        this.accountAccessEnded = true;
        return new Response(null, { status: 204 });
    }
    const aisp = `${BANK_URL}/open-banking/v4.0/aisp/`;
    if (options.method === 'GET' && url.startsWith(aisp) && this.accountAccessEnded) {
      return json(403, { Code: '403', Message: 'Forbidden', Errors: [{ ErrorCode: 'U009', Message: 'the consent is CANC' }] });
    }
    switch (`${options.method} ${url}`) {
      case `GET ${aisp}accounts`:
        return json(200, { Data: { Account: ACCOUNTS }, Links: { Self: url }, Meta: {} });
      case `GET ${BANK_URL}/jwks`:
        return json(200, { keys: [this.bankKeys.jwk] });
      case `POST ${PISP}/domestic-payment-consents`:
        return this.idempotent(options.headers['x-idempotency-key'], () => this.paymentConsentCreated(url, JSON.parse(body)));
      case `POST ${PISP}/domestic-payments`:
        return this.idempotent(options.headers['x-idempotency-key'], () => this.paymentCreated(url, JSON.parse(body)));
    }
    const paymentPath = options.method === 'GET' ? url.match(/^https:\/\/bank\.test\/open-banking\/v4\.0\/pisp\/domestic-payments\/([^/]+)(\/payment-details)?$/) : null;
    const payment = paymentPath ? this.payments.get(decodeURIComponent(paymentPath[1])) : undefined;
    if (paymentPath && payment) {
      const Data = paymentPath[2] ? { PaymentStatus: payment.steps } : this.paymentData(decodeURIComponent(paymentPath[1]), payment);
      return this.signedText(200, JSON.stringify({ Data, Links: { Self: url }, Meta: {} }), this.forgedAnswers.has(url) ? 'forged' : this.bankSigning);
    }
    const perAccount = url.match(/^https:\/\/bank\.test\/open-banking\/v4\.0\/aisp\/accounts\/([^/]+)(?:\/(balances|transactions))?$/);
    const account = perAccount && ACCOUNTS.find((candidate) => candidate.AccountId === decodeURIComponent(perAccount[1]));
    if (options.method === 'GET' && perAccount && account) {
      const id = account.AccountId;
      const data = { balances: { Balance: BALANCES[id] }, transactions: { Transaction: this.transactions[id] ?? TRANSACTIONS[id] } }[perAccount[2] ?? ''] ?? { Account: [account] };
      return json(200, { Data: data, Links: { Self: url }, Meta: {} });
    }
    if (options.method === 'GET' && perAccount) return json(400, { Code: '400', Message: 'Bad request', Errors: [{ ErrorCode: 'U011', Message: 'no such account' }] });
    return json(404, { error: 'not_found' });
  }

  private paymentConsentCreated(url: string, request: OBWriteDomesticConsent4): IdempotentAnswer {
    const at = '2026-11-25T12:00:00+00:00';
    this.readRefundAccount.set(PAYMENT_CONSENT_ID, request.Data.ReadRefundAccount === 'Yes');
    const Data = { ConsentId: PAYMENT_CONSENT_ID, Status: 'AWAU', CreationDateTime: at, StatusUpdateDateTime: at, Initiation: request.Data.Initiation };
    return { status: 201, text: JSON.stringify({ Data, Risk: request.Risk, Links: { Self: `${url}/${PAYMENT_CONSENT_ID}` }, Meta: {} }) };
  }

  private paymentCreated(url: string, request: OBWriteDomestic2): IdempotentAnswer {
    const payment: FakePayment = { request, status: 'RCVD', statusUpdateDateTime: PAYMENT_CREATED_AT, steps: [] };
    this.payments.set(PAYMENT_ID, payment);
    return { status: 201, text: JSON.stringify({ Data: this.paymentData(PAYMENT_ID, payment), Links: { Self: `${url}/${PAYMENT_ID}` }, Meta: {} }) };
  }

  private paymentData(id: string, { request, status, statusUpdateDateTime, reason }: FakePayment) {
    return {
      DomesticPaymentId: id,
      ConsentId: request.Data.ConsentId,
      Status: status,
      CreationDateTime: PAYMENT_CREATED_AT,
      StatusUpdateDateTime: statusUpdateDateTime,
      ...(reason && { StatusReason: [{ StatusReasonCode: reason.code, StatusReasonDescription: reason.description }] }),
      Initiation: request.Data.Initiation,
      ...(this.readRefundAccount.get(request.Data.ConsentId) && { Debtor: DEBTOR }),
    };
  }

  /** OB idempotency: the same key gets the first answer again, and nothing is created twice. */
  private async idempotent(key: string | undefined, create: () => IdempotentAnswer): Promise<Response> {
    const answer = key === undefined ? undefined : this.idempotentAnswers.get(key);
    if (answer) return this.signedText(answer.status, answer.text);
    const created = create();
    if (key !== undefined) this.idempotentAnswers.set(key, created);
    return this.signedText(created.status, created.text);
  }

  /** The bank's answer with its x-jws-signature, made (or broken) as `signing` says. */
  private async signedText(status: number, text: string, signing = this.bankSigning): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-fapi-interaction-id': randomUUID() };
    const key = signing === 'forged' ? this.bankKeys.unpublished : this.bankKeys.privateKey;
    if (signing !== 'missing') headers['x-jws-signature'] = await signDetachedJws(text, key, { kid: BANK_SIGNING_KID, iss: 'sandbox-bank' });
    const sent = signing === 'tampered' ? text.replace(/"Amount":"[^"]*"/, '"Amount":"9999.99"') : text;
    return new Response(sent, { status, headers });
  }

  private async token(form: URLSearchParams, headers: Record<string, string>): Promise<Response> {
    // RFC 9449 5: a token requested with a DPoP proof is DPoP-bound, and says so.
    const token_type = headers.dpop ? 'DPoP' : 'Bearer';
    if (form.get('grant_type') === 'client_credentials') {
      return json(200, { access_token: `cc-token-${form.get('scope')}`, token_type, expires_in: 600, scope: form.get('scope') });
    }
    const issued = this.codes.get(form.get('code') ?? '');
    if (form.get('grant_type') !== 'authorization_code' || !issued) return json(400, { error: 'invalid_grant' });
    this.codes.delete(form.get('code') ?? '');
    return json(200, {
      access_token: 'psu-token',
      // Never used by the fintech, but a secret it receives: the flow inspector must never show it whole.
      refresh_token: 'psu-refresh-token',
      token_type,
      expires_in: 300,
      scope: 'openid accounts',
      id_token: await this.sign(this.idTokenClaims(issued.nonce, issued.intentId)),
    });
  }
}
