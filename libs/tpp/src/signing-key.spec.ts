import { createPrivateKey } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT } from 'jose';
import { signingPrivateKey } from './signing-key';

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
