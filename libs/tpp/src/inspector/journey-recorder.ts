import * as oidc from 'openid-client';
import { calculateJwkThumbprint, compactVerify, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { verifyDetachedJws } from '@fapi/message-signing';
import { currentInteraction } from '@fapi/nats-contract';
import type { OnboardedTpp } from '@fapi/onboarding';
import type { Prisma, PrismaClient } from '../../generated/prisma';
import type { AuthorizationPurpose } from '../authorization-request';
import type { FintechProtocol } from '../fintech-protocol';
import type { DecodedJwt, JourneyRecord, Party, RecordedStep, SignatureCheck, StepKind } from './journey-record';
import { decodeDetachedSignature, decodeJwtParts, redactAuthorization, redactFields, type RedactedFields } from './redaction';
import { exchangeKind } from './step-kinds';
import { stepRule } from './step-rules';

/**
 * The journeys kept by the fintech, all its instances and browsers together (the oldest is forgotten first; 50 per
 * process when they were in memory), and the steps kept per journey.
 */
export const JOURNEYS_KEPT = 200;
export const STEPS_KEPT = 150;

/** The request headers the inspector shows: the FAPI and OB ones (Authorization and DPoP are shown redacted or decoded). */
const SHOWN_REQUEST_HEADERS = ['x-fapi-interaction-id', 'x-idempotency-key'];
const SHOWN_RESPONSE_HEADERS = ['x-fapi-interaction-id', 'www-authenticate', 'dpop-nonce'];

/** Who signs with a key the inspector has seen: the fintech (its registered JWKS), the AS or the bank (their jwks). */
type KeyOwner = 'the fintech' | 'the AS' | 'the bank';

/** The order in which a kid is looked for among the keys seen. */
const KEY_OWNERS: KeyOwner[] = ['the fintech', 'the AS', 'the bank'];

/** A JWT waiting for its signature check: its compact form stays apart (tpp_unchecked_jwt), never in the record. */
interface UncheckedJwt {
  jwt: DecodedJwt;
  compact: string;
  /** A detached signature's payload: the exact body it signs. */
  detachedBody?: string;
}

/** A journey being recorded: the one the current request runs in. */
export interface JourneyInProgress {
  id: string;
}

const asJson = (value: unknown): Prisma.InputJsonValue => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

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
 * The flow inspector's memory: every journey of the fintech, step by step, in its database (so that any instance
 * records a step of any journey and shows any journey), bounded (JOURNEYS_KEPT, STEPS_KEPT). Steps reach it from the
 * one fetch every call to the AS and the bank goes through (recordingFetch) and from the journey's two browser legs; a
 * step belongs to the journey whose interaction the current request runs in. Nothing secret is kept in a record
 * (redaction.ts): the compact JWTs wait apart only until their signatures are checked, when the journey is first shown.
 */
export class JourneyRecorder {
  private readonly fintechKeys: JWK[];

  constructor(
    private readonly prisma: PrismaClient,
    private readonly tpp: Pick<OnboardedTpp, 'bankUrl' | 'publicJwks'>,
    private readonly protocol: FintechProtocol,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.fintechKeys = [...tpp.publicJwks.keys];
  }

  /** A journey begins, under its interaction id; beyond JOURNEYS_KEPT, the oldest journeys are forgotten. */
  async start(id: string, purpose: AuthorizationPurpose['kind']): Promise<void> {
    await this.prisma.journey.create({ data: { id, purpose, protocol: asJson(this.protocol), startedAt: this.now() } });
    await this.prisma.$executeRaw`
      DELETE FROM tpp_journey WHERE id IN (SELECT id FROM tpp_journey ORDER BY started_at DESC, id OFFSET ${JOURNEYS_KEPT})`;
  }

  /** The journey the current request belongs to, if it is one being recorded. */
  async current(): Promise<JourneyInProgress | undefined> {
    const id = currentInteraction()?.interactionId;
    if (id === undefined) return undefined;
    const found = await this.prisma.journey.findUnique({ where: { id }, select: { id: true } });
    return found ?? undefined;
  }

  /**
   * A journey with every signature in it checked (against the keys seen by now); undefined once forgotten. The JWTs
   * waiting for their check are taken (DELETE ... RETURNING) in the transaction that writes the results, so an instance
   * showing the journey at the same time waits for them rather than showing them unchecked.
   */
  async journey(id: string): Promise<JourneyRecord | undefined> {
    return this.prisma.$transaction(async (transaction) => {
      const waiting = await transaction.$queryRaw<Array<{ step_number: number; position: number; compact: string; detached_body: string | null }>>`
        DELETE FROM tpp_unchecked_jwt WHERE journey_id = ${id} RETURNING step_number, position, compact, detached_body`;
      const row = await transaction.journey.findUnique({ where: { id }, include: { steps: { orderBy: { number: 'asc' } } } });
      if (!row) return undefined;
      const steps = row.steps.map((stored) => stored.step as unknown as RecordedStep);
      const checked = new Set<RecordedStep>();
      const keys = waiting.length ? await this.keySets(transaction) : new Map<KeyOwner, JWK[]>();
      for (const entry of waiting) {
        const step = steps.find((candidate) => candidate.number === entry.step_number);
        const jwt = step?.jwts[entry.position];
        if (!step || !jwt) continue;
        jwt.signature = await this.checkSignature({ jwt, compact: entry.compact, detachedBody: entry.detached_body ?? undefined }, keys);
        checked.add(step);
      }
      for (const step of checked) {
        await transaction.journeyStep.update({ where: { journeyId_number: { journeyId: id, number: step.number } }, data: { step: asJson(step) } });
      }
      return {
        id: row.id,
        purpose: row.purpose as AuthorizationPurpose['kind'],
        protocol: row.protocol as unknown as FintechProtocol,
        startedAt: row.startedAt.toISOString(),
        steps,
        stepsOmitted: Math.max(0, row.stepsNumbered - STEPS_KEPT),
        ...(row.failure ? { failure: row.failure as unknown as NonNullable<JourneyRecord['failure']> } : {}),
      };
    });
  }

  /** A call to the AS or the bank and its answer (recordingFetch). */
  async exchange(journey: JourneyInProgress, { url, method, headers, body, response }: Exchange): Promise<void> {
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
      await this.add(journey, { ...step, failure: `no answer: ${response.message}` }, jwts);
      return;
    }
    const text = await response.text();
    const answer = jsonObject(text);
    const challenge = response.headers.get('www-authenticate');
    if (asksForDpopNonce(response.status, answer, challenge)) kind = 'dpop-nonce-challenge';
    const received = await this.answerShown(kind, to, answer);
    jwts.push(...received.jwts);
    const responseSignature = response.headers.get('x-jws-signature');
    if (responseSignature) this.keepDetachedSignature('x-jws-signature (the bank signed its answer)', responseSignature, text, jwts);
    const consentStatus = (answer?.Data as { ConsentId?: unknown; Status?: unknown } | undefined)?.ConsentId ? (answer?.Data as { Status?: string }).Status : undefined;
    await this.add(
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
    const journey = await this.current();
    if (!journey) return;
    const shown = redactFields(Object.fromEntries(url.searchParams));
    const codeChallenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
    await this.add(
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
  async callback(parameters: URLSearchParams, redirectUri: string): Promise<void> {
    const journey = await this.current();
    if (!journey) return;
    const shown = redactFields(Object.fromEntries(parameters));
    await this.add(
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
  async fail(code: string, reason: string): Promise<void> {
    const journey = await this.current();
    if (!journey) return;
    const last = (await this.prisma.journeyStep.findFirst({ where: { journeyId: journey.id }, orderBy: { number: 'desc' } }))?.step as RecordedStep | undefined;
    const failed =
      last?.failure !== undefined
        ? last
        : await this.add(journey, {
            kind: 'fintech-refusal',
            at: this.now().toISOString(),
            from: 'fintech',
            to: 'fintech',
            title: 'the fintech refuses what it received',
            requestHeaders: {},
            responseHeaders: {},
            failure: reason,
          }, []);
    const failure: JourneyRecord['failure'] = { step: failed?.number ?? 0, code, reason };
    await this.prisma.journey.updateMany({ where: { id: journey.id }, data: { failure: asJson(failure) } });
  }

  /**
   * Numbers the step with one UPDATE ... RETURNING (steps of one journey recorded at once, by parallel calls or by two
   * instances, get distinct numbers), then keeps it with its JWTs to check, or only counts it past STEPS_KEPT.
   */
  private async add(journey: JourneyInProgress, step: Omit<RecordedStep, 'number' | 'rule' | 'jwts'>, jwts: UncheckedJwt[]): Promise<RecordedStep | undefined> {
    const [numbered] = await this.prisma.$queryRaw<Array<{ steps_numbered: number }>>`
      UPDATE tpp_journey SET steps_numbered = steps_numbered + 1 WHERE id = ${journey.id} RETURNING steps_numbered`;
    if (!numbered || numbered.steps_numbered > STEPS_KEPT) return undefined;
    const recorded: RecordedStep = {
      ...step,
      number: numbered.steps_numbered,
      rule: stepRule(step.kind, this.protocol),
      jwts: jwts.map((entry) => entry.jwt),
    };
    await this.prisma.$transaction([
      this.prisma.journeyStep.create({ data: { journeyId: journey.id, number: recorded.number, step: asJson(recorded) } }),
      this.prisma.uncheckedJwt.createMany({
        data: jwts.map((entry, position) => ({ journeyId: journey.id, stepNumber: recorded.number, position, compact: entry.compact, detachedBody: entry.detachedBody ?? null })),
      }),
    ]);
    return recorded;
  }

  /** The keys seen so far, by owner: the fintech's own, and the AS's and the bank's as any instance last fetched them. */
  private async keySets(client: Prisma.TransactionClient): Promise<Map<KeyOwner, JWK[]>> {
    const seen = await client.seenKeySet.findMany();
    const keys = new Map<KeyOwner, JWK[]>();
    for (const owner of KEY_OWNERS) {
      const set = owner === 'the fintech' ? this.fintechKeys : (seen.find((row) => row.owner === owner)?.keys as unknown as JWK[] | undefined);
      if (set) keys.set(owner, set);
    }
    return keys;
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
  private async answerShown(kind: StepKind, to: Party, answer: Record<string, unknown> | undefined): Promise<RedactedFields> {
    if (!answer) return { fields: {}, jwts: [] };
    if (kind === 'as-keys' || kind === 'bank-keys') {
      const keys = ((answer as unknown as JSONWebKeySet).keys ?? []).filter((key) => key.kty);
      const owner: KeyOwner = to === 'bank' ? 'the bank' : 'the AS';
      const seen = { keys: asJson(keys), seenAt: this.now() };
      await this.prisma.seenKeySet.upsert({ where: { owner }, create: { owner, ...seen }, update: seen });
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
  private async checkSignature({ jwt, compact, detachedBody }: UncheckedJwt, keySets: Map<KeyOwner, JWK[]>): Promise<SignatureCheck> {
    const { kid, alg, jwk } = jwt.header as { kid?: string; alg?: string; jwk?: JWK };
    try {
      if (detachedBody !== undefined) {
        for (const [owner, keys] of keySets) {
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
      for (const [owner, keys] of keySets) {
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
