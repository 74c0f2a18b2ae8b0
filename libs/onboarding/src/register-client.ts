import { Agent, fetch } from 'undici';

export interface ClientRegistration {
  issuer: string;
  /** The initial access token (`registration.token`). */
  initialAccessToken: string;
  metadata: Record<string, unknown>;
  /** The client certificate to present, and the CA to trust the AS with. */
  transport: { certPem: string; keyPem: string; caPem: string };
}

/** The authorization server refused the registration; carries its OAuth `error` and `error_description`. */
export class RegistrationRefused extends Error {
  constructor(
    readonly endpoint: string,
    readonly status: number,
    readonly error: string | undefined,
    readonly errorDescription: string | undefined,
  ) {
    super(`${endpoint} refused the registration (HTTP ${status}): ${error ?? 'no OAuth error code'}${errorDescription ? `: ${errorDescription}` : ''}`);
    this.name = 'RegistrationRefused';
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Registers a client by dynamic client registration (RFC 7591) over mTLS, authorised by the initial access token,
 * and returns its `client_id`. Only `201 Created` with a `client_id` is a registration.
 */
export async function registerClient(registration: ClientRegistration): Promise<string> {
  const endpoint = `${registration.issuer.replace(/\/+$/, '')}/reg`;
  const { certPem, keyPem, caPem } = registration.transport;
  const dispatcher = new Agent({ connect: { ca: caPem, cert: certPem, key: keyPem } });
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      dispatcher,
      headers: {
        authorization: `Bearer ${registration.initialAccessToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(registration.metadata),
    }).catch((error: Error & { cause?: Error }) => {
      throw new Error(`cannot reach ${endpoint}: ${error.cause?.message ?? error.message}`);
    });
    const body = parseJson(await response.text());
    if (response.status !== 201) {
      throw new RegistrationRefused(endpoint, response.status, asString(body?.error), asString(body?.error_description));
    }
    const clientId = asString(body?.client_id);
    if (!clientId) throw new Error(`${endpoint} answered 201 without a client_id`);
    return clientId;
  } finally {
    await dispatcher.close();
  }
}
