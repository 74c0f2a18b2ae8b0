import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair (RFC 7636 §4.1-4.2, S256): the verifier the client keeps and the challenge it sends. */
export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
