import { Agent, request } from 'undici';

/** Whom a probe presents itself as, and whom it trusts: the onboarded folder's transport certificate and CA (PEM). */
export interface TlsIdentity {
  cert: string;
  key: string;
  ca: string;
}

export interface ProbeRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A form body (application/x-www-form-urlencoded). */
  form?: Record<string, string>;
  identity: TlsIdentity;
}

export interface ProbeAnswer {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
  /** The body as JSON when it is JSON, else {}. */
  json: Record<string, unknown>;
}

/** One HTTPS request; rejects with Unreachable, in words, when no answer came. Tests replace it with a fake. */
export type HttpsProbe = (url: string, request: ProbeRequest) => Promise<ProbeAnswer>;

/** No HTTP answer came from `url`: `what` says what happened, `fix` what to do. */
export class Unreachable extends Error {
  constructor(
    readonly url: string,
    readonly what: string,
    readonly fix: string,
  ) {
    super(`${url}: ${what}`);
    this.name = 'Unreachable';
  }
}

const CONNECT_TIMEOUT_MS = 5000;
const ANSWER_TIMEOUT_MS = 10000;

const DNS_FAILURES = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME'];
const TIMEOUTS = ['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'];
/** node:tls codes of a server certificate that does not chain to the CA trusted (ca.pem). */
const UNTRUSTED_SERVER_CERTIFICATE = [
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
];

/** What happened to a request that got no answer, and what to do, by the error's code (the socket's, TLS's or undici's). */
export function describeNetworkFailure(url: string, error: unknown): Unreachable {
  const { host, hostname } = new URL(url);
  const failure = error as { code?: unknown; cause?: { code?: unknown }; message?: string };
  const code = String(failure.code ?? failure.cause?.code ?? '');
  const correctUrl = 'check the URL in client.json (issuer, bankUrl)';
  if (DNS_FAILURES.includes(code)) return new Unreachable(url, `the host name ${hostname} does not resolve (DNS ${code})`, correctUrl);
  if (code === 'ECONNREFUSED') return new Unreachable(url, `connection refused at ${host}`, `start the sandbox (npm start), or ${correctUrl}`);
  if (TIMEOUTS.includes(code)) return new Unreachable(url, `no answer from ${host} within ${CONNECT_TIMEOUT_MS / 1000} s (${code})`, `check that the sandbox runs and that nothing blocks ${host}`);
  if (UNTRUSTED_SERVER_CERTIFICATE.includes(code)) {
    return new Unreachable(
      url,
      `TLS failed: the server's certificate is not issued by the CA in ca.pem (${code})`,
      'the sandbox made new certificates since you onboarded: onboard again against it (npm run onboard -- --certs <its certs folder>)',
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new Unreachable(url, `TLS failed: the server's certificate does not name ${hostname}`, correctUrl);
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new Unreachable(url, `TLS failed: the server's certificate is not valid now (${code})`, "renew the sandbox's certificates (npm run certs) and onboard again");
  }
  return new Unreachable(url, `the connection failed (${code || failure.message || String(error)})`, `check that the sandbox runs at ${host}`);
}

/** The real probe: undici over TLS with the identity's certificate presented and only its CA trusted, no redirects. */
export const httpsProbe: HttpsProbe = async (url, { method = 'GET', headers = {}, form, identity }) => {
  const agent = new Agent({ connect: { ...identity, timeout: CONNECT_TIMEOUT_MS } });
  try {
    const response = await request(url, {
      method,
      headers: form ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      dispatcher: agent,
      headersTimeout: ANSWER_TIMEOUT_MS,
      bodyTimeout: ANSWER_TIMEOUT_MS,
    });
    const text = await response.body.text();
    const answerHeaders = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
    return { status: response.statusCode, headers: answerHeaders, text, json: jsonObjectOf(text) };
  } catch (error) {
    throw describeNetworkFailure(url, error);
  } finally {
    await agent.close();
  }
};

function jsonObjectOf(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
