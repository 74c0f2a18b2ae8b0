import { generateKeyPair, SignJWT } from 'jose';
import type { ConsoleRecord } from '@fapi/nats-contract';
import { consoleRecordOf } from './console-record';
import { decodedJwtsOf, keptMembers, RECORDED_FIELDS, recordedEndpoint, SECRET_CLASSES } from './redaction';
import { RecordingQueue } from './recording-queue';

const SECRET = 'S3CRET-value-that-must-never-show';

describe('a console record keeps only what the redaction table says (issue 10, TPP developer console)', () => {
  it.each([
    ['access token', 'access_token'],
    ['access token', 'token'],
    ['refresh token', 'refresh_token'],
    ['authorization code', 'code'],
    ['code_verifier', 'code_verifier'],
    ['password', 'password'],
    ['client secret', 'client_secret'],
    ['a one-time request_uri', 'request_uri'],
  ])('a %s (%s) in the query is named, never shown', (_secretClass, field) => {
    expect(recordedEndpoint(`/token?client_id=c-1&${field}=${SECRET}`)).toBe(`/token?client_id=c-1&${field}=%E2%80%A6`);
  });

  it('drops query parameters the table does not know, and keeps the path', () => {
    expect(recordedEndpoint(`/open-banking/v4.0/aisp/accounts?unknown=${SECRET}`)).toBe('/open-banking/v4.0/aisp/accounts');
  });

  it('decodes a client assertion to its header and claims: its signature is never recorded', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const assertion = await new SignJWT({ jti: 'j-1', code_verifier: SECRET }).setProtectedHeader({ alg: 'ES256', kid: 'k-1' }).setIssuer('c-1').setSubject('c-1').setAudience('https://as').sign(privateKey);
    const [jwt] = decodedJwtsOf({ client_assertion: assertion });
    expect(jwt).toEqual({ label: 'client assertion', header: { alg: 'ES256', kid: 'k-1' }, claims: { iss: 'c-1', sub: 'c-1', aud: 'https://as', jti: 'j-1', code_verifier: '…' } });
    const signature = assertion.split('.')[2];
    expect(JSON.stringify(jwt)).not.toContain(signature);
  });

  it('drops a private key’s members from anything decoded (private key class)', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const { exportJWK } = await import('jose');
    const jwk = await exportJWK(privateKey);
    expect(keptMembers({ ...jwk, kid: 'k' })).toEqual({ kid: 'k' });
  });

  it('keeps no header of the request at all (Authorization, DPoP): a record has no field for them', () => {
    const record = consoleRecordOf({ service: 'bank', clientId: 'c-1', method: 'GET', url: '/accounts', status: 200 });
    expect(Object.keys(record).sort()).toEqual(['at', 'clientId', 'endpoint', 'id', 'method', 'service', 'status', 'verdict']);
  });

  it('names a secret class for every field it never shows', () => {
    const named = Object.entries(RECORDED_FIELDS).filter(([, treatment]) => treatment === 'named').map(([field]) => field);
    const described = Object.values(SECRET_CLASSES).join(' ');
    for (const field of named.filter((name) => !['request_uri', 'device_code', 'user_code'].includes(name))) expect(described).toContain(field);
  });

  it('records a refusal with the rule its words cite', () => {
    const record = consoleRecordOf({
      service: 'authorization-server',
      clientId: 'c-1',
      method: 'POST',
      url: '/request',
      status: 400,
      error: 'invalid_request',
      description: 'the request has no code_challenge; FAPI 1.0 Advanced 5.2.2-18: … (rule fapi1.pkce.s256-with-par)',
    });
    expect(record).toMatchObject({ verdict: 'refused', error: 'invalid_request', rule: 'fapi1.pkce.s256-with-par' });
  });
});

describe('recording never slows or fails a request', () => {
  it('queues at most its limit and drops the rest, telling the log once', async () => {
    const stored: string[] = [];
    const warnings: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const queue = new RecordingQueue(
      async (records) => {
        await gate;
        stored.push(...records.map((record) => record.clientId));
      },
      { warn: (message) => warnings.push(message) },
      2,
    );
    const record = (clientId: string) => consoleRecordOf({ service: 'bank', clientId, method: 'GET', url: '/', status: 200 });
    for (const clientId of ['a', 'b', 'c', 'd', 'e']) queue.record(record(clientId));
    release();
    await queue.settled();
    expect(stored).toEqual(['a', 'b']);
    expect(warnings).toHaveLength(1);
  });

  it('hands a record over once others had a moment to join it, or at once when settled (shutdown)', async () => {
    const batches: string[][] = [];
    const queue = new RecordingQueue(async (records) => void batches.push(records.map((record) => record.clientId)), { warn: () => undefined }, 100, 10, 20);
    const record = (clientId: string) => consoleRecordOf({ service: 'bank', clientId, method: 'GET', url: '/', status: 200 });
    queue.record(record('a'));
    queue.record(record('b'));
    expect(batches).toEqual([]);
    while (batches.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    queue.record(record('c'));
    await queue.settled();
    expect(batches).toEqual([['a', 'b'], ['c']]);
  });

  /** A queue of batches of at most 3 whose sink notes each batch's clients, then stores nothing until `release`. */
  function queueStoringBehindAGate(batchWaitMs?: number) {
    const batches: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sink = async (records: ConsoleRecord[]) => {
      batches.push(records.map((record) => record.clientId));
      await gate;
    };
    const queue = new RecordingQueue(sink, { warn: () => undefined }, 100, 3, batchWaitMs);
    const record = (clientId: string) => consoleRecordOf({ service: 'bank', clientId, method: 'GET', url: '/', status: 200 });
    return { batches, queue, release, record };
  }

  it('hands the sink what waited while it stored, at most its batch limit at once, in order', async () => {
    const { batches, queue, release, record } = queueStoringBehindAGate();
    queue.record(record('a'));
    const first = queue.settled();
    for (const clientId of ['b', 'c', 'd', 'e', 'f']) queue.record(record(clientId));
    release();
    await first;
    expect(batches).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
  });

  it('keeps what arrived while a batch was stored for the next moment, unless a full batch waits (issue 11: fewer, fuller batches under load)', async () => {
    const { batches, queue, release, record } = queueStoringBehindAGate(20);
    queue.record(record('a'));
    while (batches.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    queue.record(record('b'));
    queue.record(record('c'));
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a']]);
    while (batches.length === 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(batches).toEqual([['a'], ['b', 'c']]);
    await queue.settled();
  });

  it('hands a full batch over without waiting its moment', async () => {
    const { batches, queue, release, record } = queueStoringBehindAGate(60_000);
    for (const clientId of ['a', 'b', 'c', 'd']) queue.record(record(clientId));
    expect(batches).toEqual([['a', 'b', 'c']]);
    release();
    await queue.settled();
    expect(batches).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('logs a failing store once until it succeeds again, and goes on with the next record', async () => {
    const warnings: string[] = [];
    let failing = true;
    const stored: string[] = [];
    const queue = new RecordingQueue(
      async (records) => {
        if (failing) throw new Error('database away');
        stored.push(...records.map((record) => record.clientId));
      },
      { warn: (message) => warnings.push(message) },
    );
    const record = (clientId: string) => consoleRecordOf({ service: 'bank', clientId, method: 'GET', url: '/', status: 200 });
    queue.record(record('a'));
    queue.record(record('b'));
    await queue.settled();
    failing = false;
    queue.record(record('c'));
    await queue.settled();
    expect({ warnings, stored }).toEqual({ warnings: ['console records cannot be stored: database away'], stored: ['c'] });
  });
});
