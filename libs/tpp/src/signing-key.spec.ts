import { createPrivateKey } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT } from 'jose';
import { dpopKeyPair, signingPrivateKey } from './signing-key';

describe('the onboarded signing key (a Node KeyObject) signs with the registered alg and kid', () => {
  it.each(['PS256', 'ES256'] as const)('%s: a WebCrypto key that signs verifiably', async (alg) => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const keyObject = createPrivateKey({ key: await exportJWK(privateKey), format: 'jwk' });
    const { key, kid } = signingPrivateKey({ signingKey: keyObject, signingKid: 'k-1', signingAlg: alg });
    expect(kid).toBe('k-1');
    expect(key.usages).toEqual(['sign']);
    const jwt = await new SignJWT({ a: 1 }).setProtectedHeader({ alg }).sign(key);
    await expect(jwtVerify(jwt, await importJWK(await exportJWK(publicKey), alg))).resolves.toBeDefined();
  });
});

describe('the onboarded DPoP key becomes the key pair openid-client signs proofs with', () => {
  it.each(['PS256', 'ES256'] as const)('%s: the private half signs, the public half is extractable for the proof header and verifies', async (alg) => {
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    const dpopKey = createPrivateKey({ key: await exportJWK(privateKey), format: 'jwk' });
    const pair = dpopKeyPair({ dpopKey, signingAlg: alg, clientName: 'Acme' });
    expect([pair.privateKey.extractable, pair.publicKey.extractable]).toEqual([false, true]);
    const proof = await new SignJWT({ htm: 'GET' }).setProtectedHeader({ alg, typ: 'dpop+jwt' }).sign(pair.privateKey);
    await expect(jwtVerify(proof, pair.publicKey)).resolves.toBeDefined();
  });

  it('a DPoP-bound TPP whose folder has no DPoP key says so', () => {
    expect(() => dpopKeyPair({ dpopKey: undefined, signingAlg: 'PS256', clientName: 'Acme' })).toThrow('Acme is DPoP-bound but its onboarded folder has no DPoP key');
  });
});
