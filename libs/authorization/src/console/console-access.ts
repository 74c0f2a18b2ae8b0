import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { CONSOLE_RULES, type RefusalRule, receivedValue, refusalText } from '@fapi/refusal-catalogue';
import { subjectDn, x5tS256 } from '@fapi/pki';
import type { ConsoleStore } from './console-store';

/** The cookie a login link sets: HttpOnly, Secure, SameSite=Strict, only sent to /console. */
export const CONSOLE_COOKIE = 'fapi_console';

/** A request the console does not let in (401), with the rule it breaks and the refusal's words. */
export class ConsoleRefusal extends Error {
  constructor(
    readonly rule: RefusalRule,
    readonly description: string,
  ) {
    super(description);
  }
}

/** A refusal by `rule`, with what was received. */
export const consoleRefusal = (rule: RefusalRule, received?: string) => new ConsoleRefusal(rule, refusalText(rule, received));
const refuse = consoleRefusal;

function cookieOf(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The client certificate of the connection, only when the sandbox CA verified it (the TLS server checks the chain). */
function verifiedCertificate(request: IncomingMessage): X509Certificate | undefined {
  const socket = request.socket as TLSSocket;
  const raw = socket.authorized ? socket.getPeerCertificate?.()?.raw : undefined;
  return raw?.length ? new X509Certificate(raw) : undefined;
}

/**
 * Whose console a request may read (CONSOLE_RULES): the client of the session a login link opened (its cookie), else
 * the client of its transport certificate: one the sandbox CA issued, that the client was issued certificate-bound
 * tokens with or registered the subject DN of (tls_client_auth); a certificate of several clients names one in
 * `client_id`. Anything else is refused: never another client's records, never a guess.
 */
export async function consoleClientOf(request: IncomingMessage, store: ConsoleStore, chosenClientId?: string): Promise<string> {
  const session = cookieOf(request, CONSOLE_COOKIE);
  const sessionClient = session ? await store.sessionClient(session) : undefined;
  if (sessionClient && (chosenClientId === undefined || chosenClientId === sessionClient)) return sessionClient;
  const certificate = verifiedCertificate(request);
  if (!certificate) {
    throw refuse(CONSOLE_RULES.credentialPresented, session ? 'the console session has ended' : 'the request has no transport certificate and no console session');
  }
  const clients = await store.clientsOfCertificate(x5tS256(certificate), subjectDn(certificate));
  if (clients.length === 0) throw refuse(CONSOLE_RULES.credentialPresented, 'no client registered this certificate or was issued tokens bound to it');
  if (chosenClientId !== undefined) {
    if (clients.includes(chosenClientId)) return chosenClientId;
    throw refuse(CONSOLE_RULES.clientChosen, `this certificate does not serve client_id ${receivedValue(chosenClientId)}`);
  }
  if (clients.length > 1) throw refuse(CONSOLE_RULES.clientChosen, `this certificate serves ${clients.length} clients and client_id names none`);
  return clients[0];
}
