import * as oidc from 'openid-client';
import { calculateJwkThumbprint, compactVerify, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { verifyDetachedJws } from '@fapi/message-signing';
import { currentInteraction } from '@fapi/nats-contract';
import type { OnboardedTpp } from '@fapi/onboarding';
import type { AuthorizationPurpose } from '../authorization-request';
import type { FintechProtocol } from '../fintech-protocol';
import type { DecodedJwt, JourneyRecord, Party, RecordedStep, SignatureCheck, StepKind } from './journey-record';
import { decodeDetachedSignature, decodeJwtParts, redactAuthorization, redactFields, type RedactedFields } from './redaction';
import { exchangeKind } from './step-kinds';
import { stepRule } from './step-rules';

/** The journeys kept per fintech process (the oldest is forgotten first), and the steps kept per journey. */
export const JOURNEYS_KEPT = 50;
export const STEPS_KEPT = 150;

/** The request headers the inspector shows: the FAPI and OB ones (Authorization and DPoP are shown redacted or decoded). */
const SHOWN_REQUEST_HEADERS = ['x-fapi-interaction-id', 'x-idempotency-key'];
const SHOWN_RESPONSE_HEADERS = ['x-fapi-interaction-id', 'www-authenticate', 'dpop-nonce'];

/** Who signs with a key the inspector has seen: the fintech (its registered JWKS), the AS or the bank (their jwks). */
type KeyOwner = 'the fintech' | 'the AS' | 'the bank';

/** A JWT waiting for its signature check: its compact form stays here, never in the record. */
interface UncheckedJwt {
  jwt: DecodedJwt;
  compact: string;
  /** A detached signature's payload: the exact body it signs. */
  detachedBody?: string;
}

/** An HTTP exchange as the recording fetch saw it. */
export interface Exchange {
  url: string;
  method: string;
  headers: Headers;
  body: string;
  /** The response (a copy the recorder may read), or why there was none. */
  response: Response | Error;
}

const jsonObject = (text: string): Record<string, unknown> | undefined => {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** An OB error body's codes and messages, or an OAuth error and its description. */
function refusalOf(status: number, body: Record<string, unknown> | undefined): string {
  const errors = (body?.Errors as Array<{ ErrorCode?: string; Message?: string }> | undefined) ?? [];
  const ob = errors.map((error) => [error.ErrorCode, error.Message].filter(Boolean).join(': ')).join('; ');
  const oauth = [body?.error, body?.error_description].filter(Boolean).join(': ');
  return `the answer was ${status}${ob || oauth ? ` (${ob || oauth})` : ''}`;
}

/** A server asking for a DPoP nonce (RFC 9449 8 and 9) is no failure: the proof is made again with it. */
const asksForDpopNonce = (status: number, body: Record<string, unknown> | undefined, challenge: string | null) =>
  status >= 400 && (body?.error === 'use_dpop_nonce' || (challenge ?? '').includes('use_dpop_nonce'));

/**
 * The flow inspector's memory: every journey of this fintech process, step by step, kept in memory and bounded
 * (JOURNEYS_KEPT, STEPS_KEPT). Steps reach it from the one fetch every call to the AS and the bank goes through
 * (recordingFetch) and from the journey's two browser legs; a step belongs to the journey whose interaction the
 * current request runs in. Nothing secret is kept in a record (redaction.ts): the compact JWTs wait here only until
 * their signatures are checked, when the journey is first shown.
 */
export class JourneyRecorder {
  private readonly journeys = new Map<string, JourneyRecord>();
  private readonly unchecked = new Map<string, UncheckedJwt[]>();
  private readonly keys = new Map<KeyOwner, JWK[]>();

  constructor(
    private readonly tpp: Pick<OnboardedTpp, 'bankUrl' | 'publicJwks'>,
    private readonly protocol: FintechProtocol,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.keys.set('the fintech', [...tpp.publicJwks.keys]);
  }

  /** A journey begins, under its interaction id. */
  start(id: string, purpose: AuthorizationPurpose['kind']): void {
    this.journeys.set(id, { id, purpose, protocol: this.protocol, startedAt: this.now().toISOString(), steps: [], stepsOmitted: 0 });
    this.unchecked.set(id, []);
    for (const oldest of this.journeys.keys()) {
      if (this.journeys.size <= JOURNEYS_KEPT) break;
      this.journeys.delete(oldest);
      this.unchecked.delete(oldest);
    }
  }

  /** The journey the current request belongs to, if it is one being recorded. */
  current(): JourneyRecord | undefined {
    const id = currentInteraction()?.interactionId;
    return id === undefined ? undefined : this.journeys.get(id);
  }

  /** A journey with every signature in it checked (against the keys seen by now); undefined once forgotten. */
  async journey(id: string): Promise<JourneyRecord | undefined> {
    const journey = this.journeys.get(id);
    if (!journey) return undefined;
    const waiting = this.unchecked.get(id) ?? [];
    this.unchecked.set(id, []);
    for (const entry of waiting) entry.jwt.signature = await this.checkSignature(entry);
    return journey;
  }

  /** A call to the AS or the bank and its answer (recordingFetch). */
  async exchange(journey: JourneyRecord, { url, method, headers, body, response }: Exchange): Promise<void> {
    const target = new URL(url);
    const to: Party = target.origin === new URL(this.tpp.bankUrl).origin ? 'bank' : 'as';
    const form = headers.get('content-type')?.includes('application/x-www-form-urlencoded') ? new URLSearchParams(body) : new URLSearchParams();
    let kind = exchangeKind({ method, path: target.pathname, to, form });
    const jwts: UncheckedJwt[] = [];
    const requestHeaders = this.shownHeaders(headers, SHOWN_REQUEST_HEADERS, jwts);
    const sent = form.size ? redactFields(Object.fromEntries(form)) : redactFields(jsonObject(body) ?? {});
    jwts.push(...sent.jwts);
    const signature = headers.get('x-jws-signature');
    if (signature) this.keepDetachedSignature('x-jws-signature (the fintech signed the body)', signature, body, jwts);
    const step: Omit<RecordedStep, 'number' | 'rule' | 'jwts'> = {
      kind,
      at: this.now().toISOString(),
      from: 'fintech',
      to,
      title: `${method} ${target.pathname}`,
      method,
      url: `${target.origin}${target.pathname}`,
      requestHeaders,
      responseHeaders: {},
      ...(Object.keys(sent.fields).length ? { request: sent.fields } : {}),
    };
    if (response instanceof Error) {
      this.add(journey, { ...step, failure: `no answer: ${response.message}` }, jwts);
      return;
    }
    const text = await response.text();
    const answer = jsonObject(text);
    const challenge = response.headers.get('www-authenticate');
    if (asksForDpopNonce(response.status, answer, challenge)) kind = 'dpop-nonce-challenge';
    const received = this.answerShown(kind, to, answer);
    jwts.push(...received.jwts);
    const responseSignature = response.headers.get('x-jws-signature');
    if (responseSignature) this.keepDetachedSignature('x-jws-signature (the bank signed its answer)', responseSignature, text, jwts);
    const consentStatus = (answer?.Data as { ConsentId?: unknown; Status?: unknown } | undefined)?.ConsentId ? (answer?.Data as { Status?: string }).Status : undefined;
    this.add(
      journey,
      {
        ...step,
        kind,
        status: response.status,
        responseHeaders: this.shownHeaders(response.headers, SHOWN_RESPONSE_HEADERS, jwts),
        ...(Object.keys(received.fields).length ? { response: received.fields } : {}),
        ...(consentStatus ? { consentStatus } : {}),
        ...(response.status >= 400 && kind !== 'dpop-nonce-challenge' ? { failure: refusalOf(response.status, answer) } : {}),
      },
      jwts,
    );
  }

  /** The browser leg to the AS: the authorization request as the PSU's browser carries it, with the PKCE challenge. */
  async authorizationRedirect(url: URL, codeVerifier: string): Promise<void> {
    const journey = this.current();
    if (!journey) return;
    const shown = redactFields(Object.fromEntries(url.searchParams));
    const codeChallenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
    this.add(
      journey,
      {
        kind: 'authorization',
        at: this.now().toISOString(),
        from: 'browser',
        to: 'as',
        title: 'the PSU\'s browser is sent to the authorization endpoint',
        method: 'GET',
        url: `${url.origin}${url.pathname}`,
        requestHeaders: {},
        responseHeaders: {},
        request: shown.fields,
        pkce: { codeChallenge, method: 'S256' },
      },
      shown.jwts,
    );
  }

  /** The browser leg back: the authorization response as the callback received it. */
  callback(parameters: URLSearchParams, redirectUri: string): void {
    const journey = this.current();
    if (!journey) return;
    const shown = redactFields(Object.fromEntries(parameters));
    this.add(
      journey,
      {
        kind: 'callback',
        at: this.now().toISOString(),
        from: 'browser',
        to: 'fintech',
        title: 'the PSU\'s browser brings the AS\'s answer to the fintech\'s callback',
        url: redirectUri,
        requestHeaders: {},
        responseHeaders: {},
        request: shown.fields,
      },
      shown.jwts,
    );
  }

  /**
   * The journey failed, as the PSU was told (`code`, `reason`): the failure points at the step that failed, or at a
   * step of its own when the fintech refused an answer that looked fine on the wire.
   */
  fail(code: string, reason: string): void {
    const journey = this.current();
    if (!journey) return;
    const last = journey.steps.at(-1);
    const failed =
      last?.failure !== undefined
        ? last
        : this.add(journey, {
            kind: 'fintech-refusal',
            at: this.now().toISOString(),
            from: 'fintech',
            to: 'fintech',
            title: 'the fintech refuses what it received',
            requestHeaders: {},
            responseHeaders: {},
            failure: reason,
          }, []);
    journey.failure = { step: failed?.number ?? 0, code, reason };
  }

  private add(journey: JourneyRecord, step: Omit<RecordedStep, 'number' | 'rule' | 'jwts'>, jwts: UncheckedJwt[]): RecordedStep | undefined {
    if (journey.steps.length >= STEPS_KEPT) {
      journey.stepsOmitted += 1;
      return undefined;
    }
    const recorded: RecordedStep = {
      ...step,
      number: journey.steps.length + 1,
      rule: stepRule(step.kind, journey.protocol),
      jwts: jwts.map((entry) => entry.jwt),
    };
    journey.steps.push(recorded);
    this.unchecked.get(journey.id)?.push(...jwts);
    return recorded;
  }

  /** The headers shown of `names`, with Authorization shortened and a DPoP proof decoded (kept to check). */
  private shownHeaders(headers: Headers, names: string[], jwts: UncheckedJwt[]): Record<string, string> {
    const shown: Record<string, string> = {};
    for (const name of names) {
      const value = headers.get(name);
      if (value !== null) shown[name] = value;
    }
    const authorization = headers.get('authorization');
    if (authorization) {
      const redacted = redactAuthorization(authorization);
      shown.authorization = redacted.shown;
      jwts.push(...redacted.jwts);
    }
    const proof = headers.get('dpop');
    const decoded = proof ? decodeJwtParts('DPoP proof', proof) : undefined;
    if (proof && decoded) {
      shown.dpop = '(DPoP proof, decoded below)';
      jwts.push({ jwt: decoded, compact: proof });
    }
    return shown;
  }

  /** What an answer shows: a JWKS by its kids (its keys kept for the checks), the metadata by its issuer, else its fields. */
  private answerShown(kind: StepKind, to: Party, answer: Record<string, unknown> | undefined): RedactedFields {
    if (!answer) return { fields: {}, jwts: [] };
    if (kind === 'as-keys' || kind === 'bank-keys') {
      const keys = ((answer as unknown as JSONWebKeySet).keys ?? []).filter((key) => key.kty);
      this.keys.set(to === 'bank' ? 'the bank' : 'the AS', keys);
      return { fields: { keys: keys.map((key) => `${key.kid ?? '(no kid)'} (${key.kty}${key.alg ? `, ${key.alg}` : ''})`) }, jwts: [] };
    }
    if (kind === 'discovery') return { fields: { issuer: answer.issuer, jwks_uri: answer.jwks_uri }, jwts: [] };
    return redactFields(answer);
  }

  private keepDetachedSignature(label: string, value: string, body: string, jwts: UncheckedJwt[]): void {
    const jwt = decodeDetachedSignature(label, value);
    if (jwt) jwts.push({ jwt, compact: value, detachedBody: body });
  }

  /** Which key a JWT's signature verifies with: its own jwk (a DPoP proof), or the key its kid names. */
  private async checkSignature({ jwt, compact, detachedBody }: UncheckedJwt): Promise<SignatureCheck> {
    const { kid, alg, jwk } = jwt.header as { kid?: string; alg?: string; jwk?: JWK };
    try {
      if (detachedBody !== undefined) {
        for (const [owner, keys] of this.keys) {
          if (!keys.some((key) => key.kid === kid)) continue;
          const verified = await verifyDetachedJws(compact, detachedBody, { keys });
          return { verified: true, key: `${owner}'s key ${verified.kid}` };
        }
        return { verified: false, reason: `no published key has kid ${kid}` };
      }
      if (jwk) {
        await compactVerify(compact, await importJWK(jwk, alg));
        return { verified: true, key: `its own public key (jwk), thumbprint ${await calculateJwkThumbprint(jwk)}` };
      }
      for (const [owner, keys] of this.keys) {
        const key = keys.find((candidate) => candidate.kid === kid);
        if (!key) continue;
        await compactVerify(compact, await importJWK(key, alg));
        return { verified: true, key: `${owner}'s key ${kid}` };
      }
      return { verified: false, reason: kid ? `no key seen with kid ${kid}` : 'it names no key (kid)' };
    } catch (error) {
      return { verified: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
