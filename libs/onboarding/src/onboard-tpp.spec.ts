import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { subjectDn, x5tS256 } from '@fapi/pki';
import { TestPki } from '@fapi/testing';
import { calculateJwkThumbprint, createLocalJWKSet, type JWK, jwtVerify, SignJWT } from 'jose';
import { onboardTeachingClient, onboardTpp, type OnboardTeachingClientOptions, type OnboardTppOptions } from './onboard-tpp';
import { loadOnboardedTeachingClient, loadOnboardedTpp, OnboardedFolderProblem } from './onboarded-folder';
import { FakeRegistrationEndpoint } from './testing/fake-registration-endpoint';

const BANK_URL = 'https://localhost:8444';
const ONBOARDED_FILES = ['ca.pem', 'client.json', 'jwks.json', 'signing.jwk.json', 'transport.key', 'transport.pem'];

let pki: TestPki;
let certsDir: string;
let registrationToken: string;
let as: FakeRegistrationEndpoint;
let workDir: string;

const temporaryDirs: string[] = [];
function temporaryDir(prefix: string): string {
  temporaryDirs.push(mkdtempSync(path.join(tmpdir(), prefix)));
  return temporaryDirs[temporaryDirs.length - 1];
}

beforeAll(async () => {
  pki = await TestPki.create();
  ({ certsDir, registrationToken } = pki);
  as = await FakeRegistrationEndpoint.start(certsDir);
});

afterAll(async () => {
  await as.stop();
  pki.remove();
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  workDir = temporaryDir('onboarded-');
  as.reset();
});

const read = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');
const readJson = (dir: string, name: string) => JSON.parse(read(dir, name));

function options(overrides: Partial<OnboardTppOptions> = {}): OnboardTppOptions {
  return {
    name: 'Acme Budgeting',
    redirectUris: ['https://localhost:9000/cb', 'https://localhost:9000/cb2'],
    authMethod: 'private_key_jwt',
    responseStyle: 'jarm',
    outDir: path.join(workDir, 'acme-budgeting'),
    certsDir,
    issuer: as.issuer,
    bankUrl: BANK_URL,
    ...overrides,
  };
}

describe('onboarding registers the TPP by dynamic client registration over mTLS', () => {
  it('a private_key_jwt + JARM client sends the bearer token, its transport certificate and the documented metadata', async () => {
    const tpp = await onboardTpp(options());

    expect(as.requests).toHaveLength(1);
    const [request] = as.requests;
    expect([request.method, request.path]).toEqual(['POST', '/reg']);
    expect(request.headers.authorization).toBe(`Bearer ${registrationToken}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.authorized).toBe(true);
    expect(x5tS256(request.clientCertificate!)).toBe(x5tS256(tpp.transport.certPem));
    expect(request.body).toEqual({
      client_name: 'Acme Budgeting',
      redirect_uris: ['https://localhost:9000/cb', 'https://localhost:9000/cb2'],
      jwks: { keys: [{ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: tpp.signingKid, alg: 'PS256', use: 'sig' }] },
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'PS256',
      grant_types: ['authorization_code', 'client_credentials', 'refresh_token'],
      client_profile: 'fapi1-advanced',
      response_types: ['code'],
      authorization_signed_response_alg: 'PS256',
      require_signed_request_object: true,
      request_object_signing_alg: 'PS256',
      id_token_signed_response_alg: 'PS256',
      tls_client_certificate_bound_access_tokens: true,
      scope: 'openid accounts payments',
    });
    expect(tpp.clientId).toBe('client-1');
  });

  it('a tls_client_auth + hybrid client registers the subject DN of the certificate it presents, and no assertion alg', async () => {
    const tpp = await onboardTpp(options({ authMethod: 'tls_client_auth', responseStyle: 'hybrid', signingAlg: 'ES256' }));

    const [request] = as.requests;
    expect(subjectDn(request.clientCertificate!)).toBe('CN=Acme Budgeting,O=FAPI Sandbox TPP,C=GB');
    expect(request.body).toEqual({
      client_name: 'Acme Budgeting',
      redirect_uris: ['https://localhost:9000/cb', 'https://localhost:9000/cb2'],
      jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: tpp.signingKid, alg: 'ES256', use: 'sig' }] },
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: 'CN=Acme Budgeting,O=FAPI Sandbox TPP,C=GB',
      grant_types: ['authorization_code', 'client_credentials', 'refresh_token'],
      client_profile: 'fapi1-advanced',
      response_types: ['code id_token'],
      require_signed_request_object: true,
      request_object_signing_alg: 'ES256',
      id_token_signed_response_alg: 'ES256',
      tls_client_certificate_bound_access_tokens: true,
      scope: 'openid accounts payments',
    });
  });

  it('writes the documented folder: client.json, transport certificate and key, private JWK, public JWKS, CA', async () => {
    const { outDir } = options();
    const tpp = await onboardTpp(options());

    expect(readdirSync(outDir).sort()).toEqual(ONBOARDED_FILES);
    expect(readJson(outDir, 'client.json')).toEqual({
      clientId: 'client-1',
      clientName: 'Acme Budgeting',
      issuer: as.issuer,
      bankUrl: BANK_URL,
      redirectUris: ['https://localhost:9000/cb', 'https://localhost:9000/cb2'],
      authMethod: 'private_key_jwt',
      profile: 'fapi1-advanced',
      responseStyle: 'jarm',
      senderConstraint: 'mtls',
      requestObject: 'signed',
      signingAlg: 'PS256',
      signingKid: tpp.signingKid,
    });
    expect(read(outDir, 'ca.pem')).toBe(read(certsDir, 'ca.pem'));
    expect(x5tS256(read(outDir, 'transport.pem'))).toBe(x5tS256(as.requests[0].clientCertificate!));
    const signingJwk = readJson(outDir, 'signing.jwk.json') as JWK;
    expect(signingJwk).toMatchObject({ kid: tpp.signingKid, alg: 'PS256', use: 'sig', d: expect.any(String) });
    expect(signingJwk.kid).toBe(await calculateJwkThumbprint(signingJwk));
    expect(readJson(outDir, 'jwks.json')).toEqual(as.requests[0].body.jwks);
    expect(statSync(path.join(outDir, 'transport.key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(outDir, 'signing.jwk.json')).mode & 0o777).toBe(0o600);
  });

  it.each(['PS256', 'ES256'] as const)('loadOnboardedTpp reads the folder back; its %s signing key signs what its public JWKS verifies', async (signingAlg) => {
    const onboarded = await onboardTpp(options({ signingAlg }));
    const loaded = loadOnboardedTpp(options().outDir);

    expect({ ...loaded, signingKey: undefined }).toEqual({ ...onboarded, signingKey: undefined });
    expect(loaded.signingKey.export({ format: 'jwk' })).toEqual(onboarded.signingKey.export({ format: 'jwk' }));
    const jwt = await new SignJWT({ iss: loaded.clientId }).setProtectedHeader({ alg: loaded.signingAlg, kid: loaded.signingKid }).sign(loaded.signingKey);
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(loaded.publicJwks));
    expect([payload.iss, protectedHeader.kid]).toEqual([loaded.clientId, loaded.signingKid]);
  });
});

describe('a FAPI 2.0 TPP registers its profile, its sender constraint and its request objects as the contract says', () => {
  const fapi2 = (overrides: Partial<OnboardTppOptions> = {}) => ({ ...options(), profile: 'fapi2', ...overrides }) as OnboardTppOptions;

  it('DPoP-bound, private_key_jwt, signed: PAR required, code only, DPoP instead of certificate-bound tokens, JAR, JARM available', async () => {
    const tpp = await onboardTpp(fapi2({ senderConstraint: 'dpop', requestObject: 'signed' }));

    expect(as.requests[0].body).toEqual({
      client_name: 'Acme Budgeting',
      redirect_uris: ['https://localhost:9000/cb', 'https://localhost:9000/cb2'],
      jwks: { keys: [expect.objectContaining({ kid: tpp.signingKid, alg: 'PS256' })] },
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'PS256',
      grant_types: ['authorization_code', 'client_credentials', 'refresh_token'],
      client_profile: 'fapi2',
      response_types: ['code'],
      require_pushed_authorization_requests: true,
      dpop_bound_access_tokens: true,
      tls_client_certificate_bound_access_tokens: false,
      require_signed_request_object: true,
      request_object_signing_alg: 'PS256',
      authorization_signed_response_alg: 'PS256',
      id_token_signed_response_alg: 'PS256',
      scope: 'openid accounts payments',
    });
  });

  it('mTLS-bound, tls_client_auth, unsigned: certificate-bound tokens and no request object alg', async () => {
    await onboardTpp(fapi2({ authMethod: 'tls_client_auth', senderConstraint: 'mtls', requestObject: 'unsigned', signingAlg: 'ES256' }));

    expect(as.requests[0].body).toEqual({
      client_name: 'Acme Budgeting',
      redirect_uris: ['https://localhost:9000/cb', 'https://localhost:9000/cb2'],
      jwks: { keys: [expect.objectContaining({ alg: 'ES256' })] },
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: 'CN=Acme Budgeting,O=FAPI Sandbox TPP,C=GB',
      grant_types: ['authorization_code', 'client_credentials', 'refresh_token'],
      client_profile: 'fapi2',
      response_types: ['code'],
      require_pushed_authorization_requests: true,
      tls_client_certificate_bound_access_tokens: true,
      require_signed_request_object: false,
      authorization_signed_response_alg: 'ES256',
      id_token_signed_response_alg: 'ES256',
      scope: 'openid accounts payments',
    });
  });

  it('a DPoP-bound TPP keeps its own private DPoP key (mode 0600, not the signing key) in dpop.jwk.json, and client.json records its choices', async () => {
    const { outDir } = options();
    const tpp = await onboardTpp(fapi2({ senderConstraint: 'dpop', requestObject: 'unsigned' }));

    expect(readdirSync(outDir).sort()).toEqual([...ONBOARDED_FILES, 'dpop.jwk.json'].sort());
    expect(readJson(outDir, 'client.json')).toEqual({
      clientId: 'client-1',
      clientName: 'Acme Budgeting',
      issuer: as.issuer,
      bankUrl: BANK_URL,
      redirectUris: ['https://localhost:9000/cb', 'https://localhost:9000/cb2'],
      authMethod: 'private_key_jwt',
      profile: 'fapi2',
      senderConstraint: 'dpop',
      requestObject: 'unsigned',
      signingAlg: 'PS256',
      signingKid: tpp.signingKid,
    });
    const dpopJwk = readJson(outDir, 'dpop.jwk.json') as JWK;
    expect(dpopJwk).toMatchObject({ alg: 'PS256', d: expect.any(String) });
    expect(dpopJwk.kid).not.toBe(tpp.signingKid);
    expect(statSync(path.join(outDir, 'dpop.jwk.json')).mode & 0o777).toBe(0o600);
    expect(tpp.dpopKey?.type).toBe('private');
    expect(tpp.dpopKey?.export({ format: 'jwk' })).toEqual(createPrivateKey({ key: dpopJwk as JsonWebKey, format: 'jwk' }).export({ format: 'jwk' }));
  });

  it('an mTLS-bound TPP has no DPoP key', async () => {
    const tpp = await onboardTpp(fapi2());
    expect(readdirSync(options().outDir).sort()).toEqual(ONBOARDED_FILES);
    expect([tpp.profile, tpp.senderConstraint, tpp.requestObject, tpp.dpopKey]).toEqual(['fapi2', 'mtls', 'signed', undefined]);
  });
});

describe('a teaching client registers the classroom flows, identity scopes only, and keeps only the keys it uses', () => {
  const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
  const teaching = (authMethod: OnboardTeachingClientOptions['authMethod'], signingAlg?: 'ES256'): OnboardTeachingClientOptions => {
    const { name, redirectUris, outDir, certsDir, issuer, bankUrl } = options();
    return { name, redirectUris, outDir, certsDir, issuer, bankUrl, profile: 'teaching', authMethod, signingAlg };
  };
  const identity = {
    client_name: 'Acme Budgeting',
    redirect_uris: ['https://localhost:9000/cb', 'https://localhost:9000/cb2'],
    client_profile: 'teaching',
    response_types: ['code'],
    scope: 'openid profile',
  };

  it('a public client (none): no key, no client_credentials (RFC 6749 4.4), registered over mTLS all the same', async () => {
    await onboardTeachingClient(teaching('none'));

    const [request] = as.requests;
    expect(request.authorized).toBe(true);
    expect(request.body).toEqual({
      ...identity,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT],
    });
  });

  it('a confidential private_key_jwt client: its JWKS and assertion alg, and client_credentials', async () => {
    const client = await onboardTeachingClient(teaching('private_key_jwt', 'ES256'));

    expect(as.requests[0].body).toEqual({
      ...identity,
      jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: client.signingKid, alg: 'ES256', use: 'sig' }] },
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT, 'client_credentials'],
    });
  });

  it('a confidential tls_client_auth client: the subject DN of the certificate it presents, no JWKS', async () => {
    await onboardTeachingClient(teaching('tls_client_auth'));

    expect(as.requests[0].body).toEqual({
      ...identity,
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: 'CN=Acme Budgeting,O=FAPI Sandbox TPP,C=GB',
      grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT, 'client_credentials'],
    });
  });

  it('a public client’s folder holds its client.json, transport certificate and CA, and no signing key; it loads back as such', async () => {
    const { outDir } = options();
    const client = await onboardTeachingClient(teaching('none'));

    expect(readdirSync(outDir).sort()).toEqual(['ca.pem', 'client.json', 'transport.key', 'transport.pem']);
    expect(readJson(outDir, 'client.json')).toEqual({
      clientId: 'client-1',
      clientName: 'Acme Budgeting',
      issuer: as.issuer,
      bankUrl: BANK_URL,
      redirectUris: ['https://localhost:9000/cb', 'https://localhost:9000/cb2'],
      profile: 'teaching',
      authMethod: 'none',
    });
    expect(client).toEqual({ ...readJson(outDir, 'client.json'), transport: { certPem: read(outDir, 'transport.pem'), keyPem: read(outDir, 'transport.key'), caPem: read(certsDir, 'ca.pem') } });
  });

  it('a private_key_jwt client’s folder also holds its signing key, which signs what its registered JWKS verifies', async () => {
    const { outDir } = options();
    await onboardTeachingClient(teaching('private_key_jwt'));
    const loaded = loadOnboardedTeachingClient(outDir);

    expect(readdirSync(outDir).sort()).toEqual(ONBOARDED_FILES);
    expect(readJson(outDir, 'client.json')).toMatchObject({ profile: 'teaching', authMethod: 'private_key_jwt', signingAlg: 'PS256', signingKid: loaded.signingKid });
    expect(loaded.publicJwks).toEqual(as.requests[0].body.jwks);
    const jwt = await new SignJWT({ iss: loaded.clientId }).setProtectedHeader({ alg: 'PS256', kid: loaded.signingKid }).sign(loaded.signingKey!);
    await expect(jwtVerify(jwt, createLocalJWKSet(loaded.publicJwks!))).resolves.toMatchObject({ payload: { iss: 'client-1' } });
  });

  it('a teaching folder is not a TPP the fintech or the bank can use, and a TPP folder is not a teaching client', async () => {
    const teachingDir = options().outDir;
    await onboardTeachingClient(teaching('none'));
    expect(() => loadOnboardedTpp(teachingDir)).toThrow(
      new OnboardedFolderProblem(
        path.join(teachingDir, 'client.json'),
        'a teaching client, not a TPP: the bank only trusts FAPI-profile clients (read it with loadOnboardedTeachingClient)',
      ),
    );

    const tppDir = path.join(workDir, 'tpp');
    await onboardTpp(options({ outDir: tppDir }));
    expect(() => loadOnboardedTeachingClient(tppDir)).toThrow(new OnboardedFolderProblem(path.join(tppDir, 'client.json'), 'missing or invalid profile for a teaching client'));
  });

  it('a private_key_jwt teaching client.json without its signingKid, or a public one with a signingAlg, is refused', async () => {
    const { outDir } = options();
    await onboardTeachingClient(teaching('none'));
    const client = readJson(outDir, 'client.json');
    writeFileSync(path.join(outDir, 'client.json'), JSON.stringify({ ...client, authMethod: 'private_key_jwt' }));
    expect(() => loadOnboardedTeachingClient(outDir)).toThrow('client.json: missing or invalid signingKid for a teaching client');
    writeFileSync(path.join(outDir, 'client.json'), JSON.stringify({ ...client, signingAlg: 'PS256' }));
    expect(() => loadOnboardedTeachingClient(outDir)).toThrow('client.json: missing or invalid signingAlg for a teaching client');
  });
});

describe('onboarding refuses, and leaves nothing behind', () => {
  const leftovers = () => readdirSync(workDir);

  it('a registration the AS refuses surfaces its error and error_description, and writes no folder', async () => {
    as.answer = () => ({ status: 400, body: { error: 'invalid_client_metadata', error_description: 'redirect_uris must use https' } });

    await expect(onboardTpp(options())).rejects.toThrow(
      `${as.issuer}/reg refused the registration (HTTP 400): invalid_client_metadata: redirect_uris must use https`,
    );
    expect(existsSync(options().outDir)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('an answer other than 201 with a client_id is not a registration', async () => {
    as.answer = () => ({ status: 201, body: { client_name: 'Acme Budgeting' } });

    await expect(onboardTpp(options())).rejects.toThrow('answered 201 without a client_id');
    expect(leftovers()).toEqual([]);
  });

  it('without registration.token it names the missing file and never calls the AS', async () => {
    const incomplete = temporaryDir('onboarding-certs-');
    cpSync(certsDir, incomplete, { recursive: true });
    rmSync(path.join(incomplete, 'registration.token'));

    await expect(onboardTpp(options({ certsDir: incomplete }))).rejects.toThrow(
      `${path.join(incomplete, 'registration.token')}: missing. Run \`npm run certs\``,
    );
    expect(as.requests).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it('an existing non-empty output folder is not overwritten', async () => {
    const { outDir } = options();
    mkdirSync(outDir);
    writeFileSync(path.join(outDir, 'client.json'), '{}');

    await expect(onboardTpp(options())).rejects.toThrow(`${outDir} already exists and is not empty`);
    expect(as.requests).toEqual([]);
    expect(read(outDir, 'client.json')).toBe('{}');
  });

  it('a name that a subject DN would have to escape is refused before registering', async () => {
    await expect(onboardTpp(options({ name: 'Acme, Inc' }))).rejects.toThrow('cannot be registered as a subject DN');
    expect(as.requests).toEqual([]);
  });
});

describe('loadOnboardedTpp names what is wrong with a folder', () => {
  let onboardedDir: string;

  beforeAll(async () => {
    workDir = temporaryDir('onboarded-');
    onboardedDir = options().outDir;
    await onboardTpp(options());
  });

  function copyWithout(name: string): string {
    const copy = path.join(temporaryDir('onboarded-copy-'), 'tpp');
    cpSync(onboardedDir, copy, { recursive: true });
    rmSync(path.join(copy, name));
    return copy;
  }

  it.each(ONBOARDED_FILES)('a missing %s is named', (name) => {
    const dir = copyWithout(name);
    expect(() => loadOnboardedTpp(dir)).toThrow(new OnboardedFolderProblem(path.join(dir, name), 'missing'));
  });

  it('a signing key whose kid is not the registered one is refused', () => {
    const dir = copyWithout('signing.jwk.json');
    writeFileSync(path.join(dir, 'signing.jwk.json'), JSON.stringify({ ...readJson(onboardedDir, 'signing.jwk.json'), kid: 'other' }));
    expect(() => loadOnboardedTpp(dir)).toThrow(/signing\.jwk\.json: kid is not client\.json's signingKid/);
  });

  const withClient = (changes: Record<string, unknown>) => {
    const dir = copyWithout('client.json');
    writeFileSync(path.join(dir, 'client.json'), JSON.stringify({ ...readJson(onboardedDir, 'client.json'), ...changes }));
    return dir;
  };

  it('a folder onboarded before profiles existed (no profile, senderConstraint, requestObject) loads as FAPI 1.0 Advanced', () => {
    const dir = withClient({ profile: undefined, senderConstraint: undefined, requestObject: undefined });
    expect(loadOnboardedTpp(dir)).toMatchObject({ profile: 'fapi1-advanced', responseStyle: 'jarm', senderConstraint: 'mtls', requestObject: 'signed' });
  });

  it.each([
    ['profile', { profile: 'fapi3' }],
    ['responseStyle', { profile: 'fapi2', senderConstraint: 'mtls' }],
    ['senderConstraint', { senderConstraint: 'dpop' }],
    ['requestObject', { requestObject: 'unsigned' }],
  ])('a client.json whose profile does not allow its %s is refused', (field, changes) => {
    expect(() => loadOnboardedTpp(withClient(changes))).toThrow(`client.json: missing or invalid ${field}`);
  });

  it('a DPoP-bound client.json without dpop.jwk.json names the missing file', () => {
    const dir = withClient({ profile: 'fapi2', responseStyle: undefined, senderConstraint: 'dpop', requestObject: 'signed' });
    expect(() => loadOnboardedTpp(dir)).toThrow(new OnboardedFolderProblem(path.join(dir, 'dpop.jwk.json'), 'missing'));
  });

  it('a client.json without a clientId is refused', () => {
    const dir = copyWithout('client.json');
    writeFileSync(path.join(dir, 'client.json'), JSON.stringify({ ...readJson(onboardedDir, 'client.json'), clientId: undefined }));
    expect(() => loadOnboardedTpp(dir)).toThrow(/client\.json: missing or invalid clientId/);
  });
});
