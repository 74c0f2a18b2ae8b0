import type { IncomingMessage } from 'node:http';
import { verifyDetachedJws } from '@fapi/message-signing';
import type { ClientKeys } from './client-keys';

/** The TPP's `http://openbanking.org.uk/iss` in the sandbox: its client_id (see docs/architecture.md "Message signing"). */
export const tppSigningIssuer = (clientId: string): string => clientId;

/**
 * Rule (OB message signing): a PISP POST carries x-jws-signature, a detached PS256 JWS over exactly the body bytes
 * received, signed by a key the TPP registered (its JWKS at the authorization server), with iss = the TPP of the
 * access token; else 400 with the U015–U020 code of the first broken rule (see @fapi/message-signing).
 */
export async function requireTppSignature(request: IncomingMessage, body: Uint8Array, clientId: string, clientKeys: Pick<ClientKeys, 'verificationKeysOf'>): Promise<void> {
  const header = request.headers['x-jws-signature'];
  await verifyDetachedJws(typeof header === 'string' ? header : undefined, body, await clientKeys.verificationKeysOf(clientId), {
    expectedIss: tppSigningIssuer(clientId),
  });
}
