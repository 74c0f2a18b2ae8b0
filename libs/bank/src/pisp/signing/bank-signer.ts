import { type JWK } from 'jose';
import { OB_SIGNING_ALG, signDetachedJws } from '@fapi/message-signing';
import { publicJwk, readBankSigningJwks } from '@fapi/pki';

/**
 * The bank's side of OB message signing: it signs its PISP responses with its private key (from
 * `bank-signing.jwks.json`), as `http://openbanking.org.uk/iss` = its org id, and publishes the public key.
 */
export class BankSigner {
  private constructor(
    private readonly key: JWK,
    /** The bank's org id: the `iss` of its signatures (OB: an ASPSP signs as `{org-id}`). */
    readonly iss: string,
  ) {}

  /** The PS256 key of `<certsDir>/bank-signing.jwks.json`. */
  static fromCertsDir(certsDir: string, iss: string): BankSigner {
    const key = readBankSigningJwks(certsDir).keys.find((jwk) => jwk.alg === OB_SIGNING_ALG);
    if (!key?.kid) throw new Error(`bank-signing.jwks.json in ${certsDir} has no ${OB_SIGNING_ALG} key with a kid`);
    return new BankSigner(key, iss);
  }

  /** The x-jws-signature of a response body: a detached JWS over exactly these bytes. */
  sign(body: Uint8Array): Promise<string> {
    return signDetachedJws(body, this.key, { kid: this.key.kid!, iss: this.iss });
  }

  /** What `${bankUrl}/jwks` publishes: the public half of the signing key. */
  publicJwks(): { keys: JWK[] } {
    return { keys: [publicJwk(this.key)] };
  }
}
