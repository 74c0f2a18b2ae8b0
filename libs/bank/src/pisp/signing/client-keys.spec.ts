import { generateKeyPair, exportJWK, type JWK } from 'jose';
import { signDetachedJws, verifyDetachedJws } from '@fapi/message-signing';
import { CLIENT_KEYS_TTL_MS, ClientKeys } from './client-keys';

describe("a TPP's registered keys are asked from the authorization server at most once per TTL", () => {
  it('answers from the cache within the TTL (the same resolver: its keys imported once) and asks again after it', async () => {
    let now = 1_000;
    const asked: string[] = [];
    const keys = new ClientKeys(async (clientId) => {
      asked.push(clientId);
      return { keys: [{ kty: 'RSA', kid: `${clientId}-${asked.length}` }] };
    }, () => now);
    const first = await keys.verificationKeysOf('tpp-a');
    expect(await keys.verificationKeysOf('tpp-a')).toBe(first);
    await keys.verificationKeysOf('tpp-b');
    expect(asked).toEqual(['tpp-a', 'tpp-b']);
    now += CLIENT_KEYS_TTL_MS;
    expect(await keys.verificationKeysOf('tpp-a')).not.toBe(first);
    expect(asked).toEqual(['tpp-a', 'tpp-b', 'tpp-a']);
  });

  it('does not keep a failure: the next request asks again', async () => {
    let calls = 0;
    const keys = new ClientKeys(async () => {
      calls += 1;
      if (calls === 1) throw new Error('the AS did not answer');
      return { keys: [] };
    });
    await expect(keys.verificationKeysOf('tpp-a')).rejects.toThrow('the AS did not answer');
    await expect(keys.verificationKeysOf('tpp-a')).resolves.toBeInstanceOf(Function);
  });

  it('the cached resolver verifies signatures by the registered key and refuses another key', async () => {
    const signer = await generateKeyPair('PS256', { extractable: true });
    const other = await generateKeyPair('PS256', { extractable: true });
    const registered: JWK = { ...(await exportJWK(signer.publicKey)), kid: 'k1', alg: 'PS256', use: 'sig' };
    const keys = new ClientKeys(async () => ({ keys: [registered] }));
    const body = '{"Data":{}}';
    for (let request = 0; request < 2; request++) {
      const signature = await signDetachedJws(body, signer.privateKey, { kid: 'k1', iss: 'tpp-a' });
      await expect(verifyDetachedJws(signature, body, await keys.verificationKeysOf('tpp-a'))).resolves.toMatchObject({ kid: 'k1' });
    }
    const forged = await signDetachedJws(body, other.privateKey, { kid: 'k1', iss: 'tpp-a' });
    await expect(verifyDetachedJws(forged, body, await keys.verificationKeysOf('tpp-a'))).rejects.toMatchObject({ name: 'SignatureRefused' });
  });
});
