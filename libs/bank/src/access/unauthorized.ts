import { ObError } from '@fapi/open-banking';

/** The algorithms the bank accepts for DPoP proofs: those the AS accepts (its dpop_signing_alg_values_supported). */
export const DPOP_ALGORITHMS: readonly string[] = ['PS256', 'ES256'];

/** RFC 9449 7.1: the access token is refused, or the DPoP proof that comes with it (registered in RFC 9449 12.2). */
export type DpopError = 'invalid_token' | 'invalid_dpop_proof';

const DPOP_ALGS = `algs="${DPOP_ALGORITHMS.join(' ')}"`;

/**
 * A 401 with the WWW-Authenticate challenge telling the TPP how to authenticate (RFC 9110 11.6.1). OB: a 401 has no
 * body, so the challenge is all the TPP learns. Its description is a refusal of the catalogue (refusalText): the
 * bank's own words, and of the TPP's input only what receivedValue lets through (never a character that could break
 * out of the quoted string).
 */
export class Unauthorized extends ObError {
  constructor(readonly challenge: string) {
    super(401);
  }
}

/** RFC 9449 7.1: a request in the DPoP scheme refused, saying what was wrong. */
export const dpopRefusal = (error: DpopError, description: string): Unauthorized =>
  new Unauthorized(`DPoP error="${error}", error_description="${description}", ${DPOP_ALGS}`);

/** RFC 9449 7.1: a DPoP request (a DPoP scheme or proof) without an access token. */
export const dpopTokenMissing = (): Unauthorized => new Unauthorized(`DPoP ${DPOP_ALGS}`);

/** RFC 9449 7.2 and RFC 9110 11.6.1: no credentials at all; the bank offers both schemes it accepts. */
export const credentialsMissing = (): Unauthorized => new Unauthorized(`Bearer, DPoP ${DPOP_ALGS}`);

/** The WWW-Authenticate of a 401: its own challenge, else `Bearer` (a refused Bearer request, RFC 6750 3). */
export const challengeOf = (error: ObError): string => (error instanceof Unauthorized ? error.challenge : 'Bearer');
