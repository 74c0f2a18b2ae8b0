import type { RefusalRule } from './refusal-rule';

const signature = (id: string, expected: string): RefusalRule => ({
  id: `ob.signature.${id}`,
  standard: 'UK Open Banking Read/Write API v4.0',
  clause: 'Message Signing (Process for Verifying a Signature)',
  expected,
});

/**
 * The rules of an x-jws-signature, one per OB signature error code (U015 to U020, libs/message-signing
 * SignatureRefused): the refusal's words say which check of the code failed.
 */
export const SIGNATURE_RULES = {
  missing: signature('present', 'a signed endpoint gets its request signed in x-jws-signature'),
  unexpected: signature('expected', 'x-jws-signature comes only where the endpoint asks for it'),
  malformed: signature('well-formed', 'x-jws-signature is a detached JWS: a base64url JSON header, an empty payload, a base64url signature'),
  missingClaim: signature('mandatory-claims', 'the JOSE header carries alg, kid, crit and the iat, iss and tan claims of openbanking.org.uk'),
  invalidClaim: signature('claim-values', 'every JOSE header claim has the value OB prescribes: alg PS256, a kid of the signer, iss the signer, tan, crit, a past iat'),
  invalid: signature('verifies', 'the signature verifies over the exact body with the key its kid names'),
} as const satisfies Record<string, RefusalRule>;
