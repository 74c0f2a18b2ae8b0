import { constants, KeyObject, sign as rsaSign } from 'node:crypto';
import {
  calculateJwkThumbprint,
  CompactSign,
  compactVerify,
  createLocalJWKSet,
  exportJWK,
  FlattenedSign,
  generateKeyPair,
  type CryptoKey,
  type JWK,
  type CompactJWSHeaderParameters,
  type JWSHeaderParameters,
} from 'jose';
import { IAT_CLOCK_SKEW_SECONDS } from './header-rules';
import { OB_CRIT, OB_CRIT_UNDERSTOOD, ObClaim } from './ob-signature-header';
import { signDetachedJws } from './sign-detached-jws';
import { SignatureErrorCode, SignatureRefused } from './signature-refused';
import { verifyDetachedJws, type SignatureKeys, type VerifyDetachedJwsOptions } from './verify-detached-jws';

const { Invalid, InvalidClaim, MissingClaim, Malformed, Missing } = SignatureErrorCode;
const BODY = JSON.stringify({
  Data: { Initiation: { InstructionIdentification: 'ACME412', InstructedAmount: { Amount: '165.88', Currency: 'GBP' } } },
  Risk: {},
});
const NOW = new Date('2026-11-25T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const ISS = '0015800001041RHAAY/HQuZPIt3ipkh33Uxytox1E';
const b64 = (bytes: string | Uint8Array) => Buffer.from(bytes).toString('base64url');

interface TestKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

async function testKey(alg: 'PS256' | 'ES256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' }, kid };
}

let signer: TestKey;
let stranger: TestKey;
let ecSigner: TestKey;
let jwks: { keys: JWK[] };

beforeAll(async () => {
  [signer, stranger, ecSigner] = await Promise.all([testKey('PS256'), testKey('PS256'), testKey('ES256')]);
  jwks = { keys: [signer.publicJwk, ecSigner.publicJwk] };
});

const sign = (body: string | Uint8Array = BODY) => signDetachedJws(body, signer.privateKey, { kid: signer.kid, iss: ISS, now: NOW });
const verify = (signature: string | undefined, options: VerifyDetachedJwsOptions = {}, body: string | Uint8Array = BODY, keys: SignatureKeys = jwks) =>
  verifyDetachedJws(signature, body, keys, { expectedIss: ISS, now: NOW, ...options });

/** The OB header signDetachedJws writes, signed 5 s before NOW, for tests to vary one claim at a time. */
const obHeader = (): Record<string, unknown> => ({
  alg: 'PS256',
  kid: signer.kid,
  typ: 'JOSE',
  cty: 'application/json',
  [ObClaim.iat]: NOW_SECONDS - 5,
  [ObClaim.iss]: ISS,
  [ObClaim.tan]: 'openbanking.org.uk',
  crit: [...OB_CRIT],
});
const without = (claim: string) => Object.fromEntries(Object.entries(obHeader()).filter(([name]) => name !== claim));

/**
 * A genuine PS256 signature over any header, even one jose refuses to produce (a crit member absent from it), so a
 * refusal comes from the header rule under test and not from a broken signature.
 */
function signWithHeader(header: object, key: CryptoKey = signer.privateKey, body = BODY): string {
  const encodedHeader = b64(JSON.stringify(header));
  const signingInput = Buffer.from(`${encodedHeader}.${b64(body)}`);
  const signature = rsaSign('sha256', signingInput, { key: KeyObject.from(key), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  return `${encodedHeader}..${b64(signature)}`;
}

async function refusalOf(verification: Promise<unknown>): Promise<Pick<SignatureRefused, 'code' | 'claim'>> {
  try {
    await verification;
  } catch (error) {
    if (error instanceof SignatureRefused) return { code: error.code, claim: error.claim };
    throw error;
  }
  throw new Error('the signature was accepted');
}

describe('an x-jws-signature made by signDetachedJws', () => {
  it('verifies over the same body and says who signed it, when', async () => {
    await expect(verify(await sign())).resolves.toMatchObject({ kid: signer.kid, iss: ISS, tan: 'openbanking.org.uk', iat: NOW_SECONDS });
  });

  it('is detached (empty payload part) and carries exactly the OB protected header, without b64', async () => {
    const [encodedHeader, payload, signature] = (await sign()).split('.');
    expect(payload).toBe('');
    expect(signature).toMatch(/^[A-Za-z0-9_-]{342}$/);
    expect(JSON.parse(Buffer.from(encodedHeader, 'base64url').toString())).toEqual({ ...obHeader(), [ObClaim.iat]: NOW_SECONDS });
  });

  it('signs the base64url-encoded body as a normal JWS: putting the payload back gives a compact JWS jose verifies', async () => {
    const [encodedHeader, , signature] = (await sign()).split('.');
    const { payload } = await compactVerify(`${encodedHeader}.${b64(BODY)}.${signature}`, createLocalJWKSet(jwks), { crit: OB_CRIT_UNDERSTOOD });
    expect(Buffer.from(payload).toString()).toBe(BODY);
  });

  it('covers the body bytes, whether given as a string or as bytes', async () => {
    const bytes = new TextEncoder().encode(BODY);
    await expect(verify(await sign(bytes))).resolves.toBeDefined();
    await expect(verify(await sign(), {}, bytes)).resolves.toBeDefined();
  });

  it('uses the tan given, which a verifier trusting that anchor accepts', async () => {
    const signature = await signDetachedJws(BODY, signer.privateKey, { kid: signer.kid, iss: ISS, tan: 'sandbox.example', now: NOW });
    await expect(verify(signature, { expectedTan: 'sandbox.example' })).resolves.toMatchObject({ tan: 'sandbox.example' });
  });

  it('signs with a private JWK, as the certs folder stores the bank key', async () => {
    const signature = await signDetachedJws(BODY, await exportJWK(signer.privateKey), { kid: signer.kid, iss: ISS, now: NOW });
    await expect(verify(signature)).resolves.toMatchObject({ kid: signer.kid });
  });

  it('a key resolver serves as well as a JWKS', async () => {
    await expect(verify(await sign(), {}, BODY, createLocalJWKSet(jwks))).resolves.toMatchObject({ kid: signer.kid });
  });
});

describe('a signature made by another JOSE path verifies (interoperability)', () => {
  it('a jose CompactSign JWS over the same payload, made detached by removing the payload', async () => {
    const compact = await new CompactSign(new TextEncoder().encode(BODY))
      .setProtectedHeader(obHeader() as CompactJWSHeaderParameters)
      .sign(signer.privateKey, { crit: OB_CRIT_UNDERSTOOD });
    const [encodedHeader, , signature] = compact.split('.');
    await expect(verify(`${encodedHeader}..${signature}`)).resolves.toMatchObject({ kid: signer.kid, iss: ISS });
  });

  it('the test signer below makes signatures that verify when its header is OB’s (so its refusals are the header rules’)', async () => {
    await expect(verify(signWithHeader(obHeader()))).resolves.toMatchObject({ iat: NOW_SECONDS - 5 });
  });
});

describe('an x-jws-signature that breaks an OB rule is refused with its exact code', () => {
  it.each([undefined, ''])('a missing signature (%j) is Signature.Missing', async (signature) => {
    expect(await refusalOf(verify(signature))).toEqual({ code: Missing, claim: undefined });
  });

  describe('anything but <header>..<signature> is Signature.Malformed', () => {
    const header = () => b64(JSON.stringify(obHeader()));
    it.each<[string, () => string]>([
      ['one part', () => header()],
      ['two parts', () => `${header()}.`],
      ['four parts', () => `${header()}...c2ln`],
      ['an attached payload', () => `${header()}.${b64(BODY)}.c2ln`],
      ['an empty header', () => '..c2ln'],
      ['an empty signature', () => `${header()}..`],
      ['a header that is not base64url', () => `${header()}+/..c2ln`],
      ['a signature that is not base64url', () => `${header()}..c2ln=`],
      // 20 characters encode the JSON object; a lenient decoder would drop the 21st and read it.
      ['a header of impossible base64url length (4n+1)', () => `${b64('{"alg":"PS256"}')}A..c2ln`],
      ['a header that is not JSON', () => `${b64('not json')}..c2ln`],
      ['a header that is a JSON array', () => `${b64('["alg"]')}..c2ln`],
      ['a header that is JSON null', () => `${b64('null')}..c2ln`],
      ['a header that is not UTF-8', () => `${b64(Buffer.from([0x7b, 0xff, 0x7d]))}..c2ln`],
    ])('%s', async (_shape, signature) => {
      expect(await refusalOf(verify(signature()))).toEqual({ code: Malformed, claim: undefined });
    });
  });

  it.each(['RS256', 'none', 'HS256'])('alg %s is refused: OB signs with PS256 only', async (alg) => {
    expect(await refusalOf(verify(signWithHeader({ ...obHeader(), alg })))).toEqual({ code: InvalidClaim, claim: 'alg' });
  });

  it('an ES256 signature is refused even from a key the signer registered: OB signs with PS256 only', async () => {
    const { protected: encodedHeader, signature } = await new FlattenedSign(new TextEncoder().encode(BODY))
      .setProtectedHeader({ ...obHeader(), alg: 'ES256', kid: ecSigner.kid } as JWSHeaderParameters)
      .sign(ecSigner.privateKey, { crit: OB_CRIT_UNDERSTOOD });
    expect(await refusalOf(verify(`${encodedHeader}..${signature}`))).toEqual({ code: InvalidClaim, claim: 'alg' });
  });

  it('b64: false (v3.1.0–3.1.3 only) is refused: since v3.1.4 the payload is signed base64url-encoded', async () => {
    const header = { ...obHeader(), b64: false, crit: [...OB_CRIT, 'b64'] };
    expect(await refusalOf(verify(signWithHeader(header)))).toEqual({ code: InvalidClaim, claim: 'b64' });
  });

  it('a header claim OB does not specify is refused, named in Path', async () => {
    expect(await refusalOf(verify(signWithHeader({ ...obHeader(), jku: 'https://attacker.example/jwks' })))).toEqual({ code: InvalidClaim, claim: 'jku' });
  });

  it.each<[string, unknown]>([
    ['missing an OB claim', [ObClaim.iat, ObClaim.iss]],
    ['with an extra member', [...OB_CRIT, 'exp']],
    ['repeating a member', [ObClaim.iat, ObClaim.iss, ObClaim.iss]],
    ['not an array', ObClaim.iat],
  ])('crit %s is refused: it must list exactly the three OB claims', async (_case, crit) => {
    expect(await refusalOf(verify(signWithHeader({ ...obHeader(), crit })))).toEqual({ code: InvalidClaim, claim: 'crit' });
  });

  it.each([ObClaim.iat, ObClaim.iss, ObClaim.tan, 'crit', 'kid', 'alg'])('a header without %s is Signature.MissingClaim, naming it', async (claim) => {
    expect(await refusalOf(verify(signWithHeader(without(claim))))).toEqual({ code: MissingClaim, claim });
  });

  it('an OB claim left out of both the header and crit is still Signature.MissingClaim', async () => {
    const header = { ...without(ObClaim.tan), crit: [ObClaim.iat, ObClaim.iss] };
    expect(await refusalOf(verify(signWithHeader(header)))).toEqual({ code: MissingClaim, claim: ObClaim.tan });
  });

  it('every missing claim is named', async () => {
    const header = Object.fromEntries(Object.entries(obHeader()).filter(([name]) => name !== ObClaim.iss && name !== 'kid'));
    expect(await refusalOf(verify(signWithHeader(header)))).toEqual({ code: MissingClaim, claim: `kid, ${ObClaim.iss}` });
  });

  describe('http://openbanking.org.uk/iat must be a number of seconds in the past', () => {
    it('an iat an hour in the future is refused', async () => {
      expect(await refusalOf(verify(signWithHeader({ ...obHeader(), [ObClaim.iat]: NOW_SECONDS + 3600 })))).toEqual({ code: InvalidClaim, claim: ObClaim.iat });
    });

    it(`an iat up to ${IAT_CLOCK_SKEW_SECONDS} s ahead is clock skew and accepted; one second more is refused`, async () => {
      await expect(verify(signWithHeader({ ...obHeader(), [ObClaim.iat]: NOW_SECONDS + IAT_CLOCK_SKEW_SECONDS }))).resolves.toBeDefined();
      expect(await refusalOf(verify(signWithHeader({ ...obHeader(), [ObClaim.iat]: NOW_SECONDS + IAT_CLOCK_SKEW_SECONDS + 1 })))).toEqual({
        code: InvalidClaim,
        claim: ObClaim.iat,
      });
    });

    it.each([String(NOW_SECONDS), null, [NOW_SECONDS]])('an iat of %j is not a JSON number and refused', async (iat) => {
      expect(await refusalOf(verify(signWithHeader({ ...obHeader(), [ObClaim.iat]: iat })))).toEqual({ code: InvalidClaim, claim: ObClaim.iat });
    });

    it('an iat older than the verifier’s maxAgeSeconds is refused; with no limit, any past iat is accepted', async () => {
      const signature = signWithHeader({ ...obHeader(), [ObClaim.iat]: NOW_SECONDS - 600 });
      expect(await refusalOf(verify(signature, { maxAgeSeconds: 300 }))).toEqual({ code: InvalidClaim, claim: ObClaim.iat });
      await expect(verify(signature)).resolves.toBeDefined();
    });
  });

  it('an iss other than the expected signer is refused', async () => {
    expect(await refusalOf(verify(await sign(), { expectedIss: '0015800001041RHAAY/another-software' }))).toEqual({ code: InvalidClaim, claim: ObClaim.iss });
  });

  it('without an expected iss any non-empty iss is accepted and returned for the caller to check', async () => {
    await expect(verifyDetachedJws(await sign(), BODY, jwks, { now: NOW })).resolves.toMatchObject({ iss: ISS });
    expect(await refusalOf(verifyDetachedJws(signWithHeader({ ...obHeader(), [ObClaim.iss]: '' }), BODY, jwks, { now: NOW }))).toEqual({
      code: InvalidClaim,
      claim: ObClaim.iss,
    });
  });

  it('a tan other than the trusted anchor is refused', async () => {
    expect(await refusalOf(verify(signWithHeader({ ...obHeader(), [ObClaim.tan]: 'attacker.example' })))).toEqual({ code: InvalidClaim, claim: ObClaim.tan });
    expect(await refusalOf(verify(await sign(), { expectedTan: 'sandbox.example' }))).toEqual({ code: InvalidClaim, claim: ObClaim.tan });
  });

  it('a typ other than JOSE is refused', async () => {
    expect(await refusalOf(verify(signWithHeader({ ...obHeader(), typ: 'JWT' })))).toEqual({ code: InvalidClaim, claim: 'typ' });
  });

  it('a cty other than json or application/json is refused; json is accepted', async () => {
    expect(await refusalOf(verify(signWithHeader({ ...obHeader(), cty: 'text/plain' })))).toEqual({ code: InvalidClaim, claim: 'cty' });
    await expect(verify(signWithHeader({ ...obHeader(), cty: 'json' }))).resolves.toBeDefined();
  });

  it('a body tampered by one byte is Signature.Invalid', async () => {
    const tampered = BODY.replace('165.88', '165.89');
    expect(tampered).not.toBe(BODY);
    expect(await refusalOf(verify(await sign(), {}, tampered))).toEqual({ code: Invalid, claim: undefined });
  });

  it('a signature by another key under the signer’s kid is Signature.Invalid', async () => {
    const forged = await signDetachedJws(BODY, stranger.privateKey, { kid: signer.kid, iss: ISS, now: NOW });
    expect(await refusalOf(verify(forged))).toEqual({ code: Invalid, claim: undefined });
  });

  it('a kid that names none of the signer’s keys is Signature.InvalidClaim (OB table: “a kid that does not resolve”)', async () => {
    const unknownKid = await signDetachedJws(BODY, stranger.privateKey, { kid: stranger.kid, iss: ISS, now: NOW });
    expect(await refusalOf(verify(unknownKid))).toEqual({ code: InvalidClaim, claim: 'kid' });
    expect(await refusalOf(verify(unknownKid, {}, BODY, createLocalJWKSet(jwks)))).toEqual({ code: InvalidClaim, claim: 'kid' });
  });

  it('a kid that is not a string is Signature.InvalidClaim', async () => {
    expect(await refusalOf(verify(signWithHeader({ ...obHeader(), kid: 42 })))).toEqual({ code: InvalidClaim, claim: 'kid' });
  });

  it('a key resolver that fails for another reason (JWKS unreachable) fails the call, it is no signature refusal', async () => {
    const unreachable = async () => {
      throw new Error('JWKS endpoint unreachable');
    };
    await expect(verify(await sign(), {}, BODY, unreachable)).rejects.toThrow('JWKS endpoint unreachable');
  });
});
