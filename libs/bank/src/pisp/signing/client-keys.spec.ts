import { CLIENT_KEYS_TTL_MS, ClientKeys } from './client-keys';

describe("a TPP's registered keys are asked from the authorization server at most once per TTL", () => {
  it('answers from the cache within the TTL and asks again after it', async () => {
    let now = 1_000;
    const asked: string[] = [];
    const keys = new ClientKeys(async (clientId) => {
      asked.push(clientId);
      return { keys: [{ kid: `${clientId}-${asked.length}` }] };
    }, () => now);
    await keys.keysOf('tpp-a');
    await keys.keysOf('tpp-a');
    await keys.keysOf('tpp-b');
    expect(asked).toEqual(['tpp-a', 'tpp-b']);
    now += CLIENT_KEYS_TTL_MS;
    await expect(keys.keysOf('tpp-a')).resolves.toEqual({ keys: [{ kid: 'tpp-a-3' }] });
  });

  it('does not keep a failure: the next request asks again', async () => {
    let calls = 0;
    const keys = new ClientKeys(async () => {
      calls += 1;
      if (calls === 1) throw new Error('the AS did not answer');
      return { keys: [] };
    });
    await expect(keys.keysOf('tpp-a')).rejects.toThrow('the AS did not answer');
    await expect(keys.keysOf('tpp-a')).resolves.toEqual({ keys: [] });
  });
});
