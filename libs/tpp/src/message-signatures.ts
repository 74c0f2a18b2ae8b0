import { OB_SIGNING_ALG, type SignatureKeys, SignatureRefused, signDetachedJws, verifyDetachedJws } from '@fapi/message-signing';
import { createRemoteJWKSet, customFetch, type FetchImplementation } from 'jose';
import type { CustomFetch } from 'openid-client';
import type { OnboardedTpp } from '@fapi/onboarding';

/** Signs a request body for its `x-jws-signature` header. */
export type RequestSigner = (body: string) => Promise<string>;

/** OB message signing is PS256 only; a TPP onboarded with another signing alg cannot sign payment requests. */
export class MessageSigningUnavailable extends Error {
  readonly code = 'message_signing_unavailable';
  constructor(readonly signingAlg: string) {
    super(`OB message signing needs a ${OB_SIGNING_ALG} key; this fintech registered a ${signingAlg} key`);
    this.name = 'MessageSigningUnavailable';
  }
}

/**
 * Who the TPP says signed (`http://openbanking.org.uk/iss`). OB uses `{org-id}/{software-statement-id}` from the
 * Directory; the sandbox has no directory, and its bank resolves the signer by the client it registered.
 */
export function messageSigningIssuer(tpp: Pick<OnboardedTpp, 'clientId'>): string {
  return tpp.clientId;
}

/** OB: the TPP signs its PISP request bodies (detached JWS, PS256) with its registered key, named by its kid. */
export function tppRequestSigner(tpp: Pick<OnboardedTpp, 'clientId' | 'signingAlg' | 'signingKey' | 'signingKid'>): RequestSigner {
  return async (body) => {
    if (tpp.signingAlg !== OB_SIGNING_ALG) throw new MessageSigningUnavailable(tpp.signingAlg);
    return signDetachedJws(body, tpp.signingKey, { kid: tpp.signingKid, iss: messageSigningIssuer(tpp) });
  };
}

/** Where the bank publishes the public keys it signs its responses with. */
export function bankJwksUrl(bankUrl: string): URL {
  return new URL(`${bankUrl.replace(/\/$/, '')}/jwks`);
}

/**
 * The bank's published signing keys, fetched over the TPP's fetch when first needed and again (at most every 30 s)
 * when a signature names a kid not seen yet, so the bank can rotate its keys.
 */
export function bankSigningKeys(bankUrl: string, fetch: CustomFetch): SignatureKeys {
  return createRemoteJWKSet(bankJwksUrl(bankUrl), { [customFetch]: fetch as unknown as FetchImplementation });
}

/** A bank response whose x-jws-signature is missing or does not verify: it is not acted upon. */
export class BankSignatureRefused extends Error {
  readonly code = 'bank_signature_invalid';
  constructor(
    readonly operation: string,
    readonly refusal: SignatureRefused,
    readonly interactionId: string,
  ) {
    super(`${operation}: the bank's response signature was refused (${refusal.code}: ${refusal.reason})`);
    this.name = 'BankSignatureRefused';
  }
}

/** OB: a TPP verifies the bank's signature over the exact response bytes before it believes the response. */
export async function verifyBankSignature(
  keys: SignatureKeys,
  answer: { text: string; signature: string | undefined; interactionId: string },
  operation: string,
): Promise<void> {
  try {
    await verifyDetachedJws(answer.signature, answer.text, keys);
  } catch (error) {
    if (error instanceof SignatureRefused) throw new BankSignatureRefused(operation, error, answer.interactionId);
    throw error;
  }
}
