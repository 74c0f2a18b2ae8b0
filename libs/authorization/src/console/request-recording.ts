import type { TLSSocket } from 'node:tls';
import { Logger } from '@nestjs/common';
import { decodeJwt } from 'jose';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { type AnsweredRequest, consoleRecordOf, decodedJwtsOf, type RecordingQueue } from '@fapi/developer-console';
import { currentInteraction } from '@fapi/nats-contract';
import type { ConnectionCertificate } from '@fapi/pki';
import { providerRouteOf } from '../provider/provider-routes';
import { peerCertificate } from '../rules/mtls-certificate';
import type { ConsoleStore } from './console-store';

/** The refusal an error page showed (oidc-provider renders it before our middleware sees the answer), by request. */
const shownRefusals = new WeakMap<object, { error?: unknown; error_description?: unknown }>();

/** Notes the refusal an error page shows (called by renderError), for the console record of its request. */
export function noteShownRefusal(ctx: object, shown: { error?: unknown; error_description?: unknown }): void {
  shownRefusals.set(ctx, shown);
}

type Refusal = Pick<AnsweredRequest, 'error' | 'description'>;
const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
const refusalFrom = (fields: { error?: unknown; error_description?: unknown }): Refusal | undefined =>
  text(fields.error) ? { error: text(fields.error), description: text(fields.error_description) } : undefined;

/** An authorization error sent back to the client: in the redirect's query or fragment, or inside its JARM response. */
function redirectedRefusal(location: string): Refusal | undefined {
  const url = URL.parse(location);
  if (!url) return undefined;
  for (const part of [url.searchParams, new URLSearchParams(url.hash.slice(1))]) {
    const plain = refusalFrom({ error: part.get('error'), error_description: part.get('error_description') });
    if (plain) return plain;
    const response = part.get('response');
    if (response) {
      try {
        return refusalFrom(decodeJwt(response));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The refusal an answer carries, however oidc-provider answered: a JSON error, an error page, a redirect, a challenge. */
function refusalOf(ctx: KoaContextWithOIDC): Refusal | undefined {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && !Buffer.isBuffer(body) && text(body.error)) return refusalFrom(body);
  const shown = shownRefusals.get(ctx);
  if (shown) return refusalFrom(shown);
  if (ctx.status >= 300 && ctx.status < 400) return redirectedRefusal(ctx.response.get('location'));
  const challenge = ctx.response.get('www-authenticate');
  if (challenge) return { error: /error="([^"]*)"/.exec(challenge)?.[1], description: /error_description="([^"]*)"/.exec(challenge)?.[1] };
  return undefined;
}

/** The largest form a refused request's unread body is read for (a client assertion and a request object fit). */
const MAX_UNREAD_FORM_BYTES = 64 * 1024;
const UNREAD_FORM_WAIT_MS = 200;

/**
 * The form body of a request one of our rules refused before oidc-provider read it (a stale DPoP proof), read now
 * (it has arrived with the request; the answer waits at most UNREAD_FORM_WAIT_MS for it); {} when there is none.
 */
async function unreadForm(ctx: KoaContextWithOIDC): Promise<Record<string, unknown>> {
  const req = ctx.req;
  if (ctx.method !== 'POST' || !req.readable || req.readableEnded || !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return {};
  if (Number(req.headers['content-length'] ?? MAX_UNREAD_FORM_BYTES + 1) > MAX_UNREAD_FORM_BYTES) return {};
  const body = await new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => resolve(''), UNREAD_FORM_WAIT_MS);
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
  return Object.fromEntries(new URLSearchParams(body));
}
/** What the request sent, query and body: the redaction table picks what a record keeps of it. */
async function parametersOf(ctx: KoaContextWithOIDC): Promise<Record<string, unknown>> {
  const oidc = ctx.oidc as (KoaContextWithOIDC['oidc'] & { body?: Record<string, unknown> }) | undefined;
  // params hold what oidc-provider made of the request (a request object's claims replace its `request`): the body keeps what was sent
  if (oidc?.params) return { ...(oidc.body ?? {}), ...Object.fromEntries(Object.entries(oidc.params).filter(([, value]) => value !== undefined)) };
  return { ...(ctx.query as Record<string, unknown>), ...(await unreadForm(ctx)) };
}

/**
 * The client a request came from: the one oidc-provider loaded for it; else, for a request it refused before loading
 * one, the registered client its parameters or client assertion name (a refusal names only what the request sent: no
 * secret of that client is ever in a record).
 */
async function clientIdOf(provider: Provider, ctx: KoaContextWithOIDC, parameters: Record<string, unknown>): Promise<string | undefined> {
  if (ctx.oidc?.client) return ctx.oidc.client.clientId;
  let named = text(parameters.client_id);
  if (!named && text(parameters.client_assertion)) {
    try {
      named = text(decodeJwt(String(parameters.client_assertion)).sub);
    } catch {
      return undefined;
    }
  }
  return named && named.length <= 255 && (await provider.Client.find(named)) ? named : undefined;
}

/** oidc-provider's routes a TPP's requests go to (discovery and the AS's own keys are nobody's traffic). */
const UNRECORDED_ROUTES = new Set(['discovery', 'jwks']);
const UNRECORDED_PATHS = new Set(['/.well-known/openid-configuration', '/jwks']);

/** The URL with its path as its route (`/auth/:uid`: an interaction's uid, like a client id in a path, is no one's to read). */
function routeOfUrl(url: string): string {
  const [pathname, query] = url.split(/\?(.*)/s);
  return `${providerRouteOf(pathname) ?? pathname}${query ? `?${query}` : ''}`;
}

/** The verified client certificate, as the mTLS rules read it (once per connection: reading it per request was 6 % of the AS's CPU under token-grants). */
function authorizedPeerCertificate(ctx: KoaContextWithOIDC): ConnectionCertificate | undefined {
  return (ctx.socket as TLSSocket).authorized ? peerCertificate(ctx) : undefined;
}

/**
 * Records every answer of oidc-provider to a known client for its developer console (after every other middleware of
 * ours, so with our refusal's words), and remembers the transport certificate of each certificate-bound token issued
 * at /token (that certificate then opens the client's console). Neither ever slows or fails the request: the record
 * is queued (bounded) and the certificate stored in the background, a failure logged once.
 * Install it before the middlewares whose answers it must see (rewordRefusals): the first installed runs outermost.
 */
export function recordRequests(provider: Provider, queue: RecordingQueue, store: ConsoleStore): void {
  const logger = new Logger('DeveloperConsole');
  let certificateFailing = false;
  provider.use(async (ctx, next) => {
    await next();
    // oidc's route is unknown for a request one of our rules refused before oidc-provider's router ran
    const oidc = (ctx as KoaContextWithOIDC).oidc as KoaContextWithOIDC['oidc'] | undefined;
    if ((oidc?.route && UNRECORDED_ROUTES.has(oidc.route)) || UNRECORDED_PATHS.has(ctx.path)) return;
    try {
      const parameters = await parametersOf(ctx as KoaContextWithOIDC);
      const clientId = await clientIdOf(provider, ctx as KoaContextWithOIDC, parameters);
      if (!clientId) return;
      queue.record(
        consoleRecordOf({
          service: 'authorization-server',
          clientId,
          method: ctx.method,
          url: routeOfUrl((ctx as unknown as { originalUrl: string }).originalUrl),
          status: ctx.status,
          interactionId: currentInteraction()?.interactionId,
          ...refusalOf(ctx as KoaContextWithOIDC),
          jwts: decodedJwtsOf(parameters),
        }),
      );
      const certificate = oidc?.route === 'token' && ctx.status === 200 ? authorizedPeerCertificate(ctx as KoaContextWithOIDC) : undefined;
      if (certificate && (oidc?.client as { tlsClientCertificateBoundAccessTokens?: boolean } | undefined)?.tlsClientCertificateBoundAccessTokens) {
        store
          .rememberCertificate(certificate.x5tS256, clientId, certificate.notAfter)
          .then(() => (certificateFailing = false))
          .catch((error: unknown) => {
            if (!certificateFailing) logger.warn(`could not remember a console certificate: ${(error as Error).message}`);
            certificateFailing = true;
          });
      }
    } catch (error) {
      logger.warn(`could not record a request for the developer console: ${(error as Error).message}`);
    }
  });
}
