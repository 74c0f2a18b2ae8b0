import { createHash, createHmac, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, jwtVerify } from 'jose';
import pg from 'pg';
import { AUTHORIZATION_SERVER_RULES as RULES } from '@fapi/refusal-catalogue';
import { refusalBy } from '@fapi/refusal-catalogue/testing';
import { type Browser, signingKey } from '@fapi/testing';
import { AuthorizationServerHarness } from './testing/authorization-server-harness';
import { authoriseFapi2 } from './testing/psu-journey';
import { type DpopProofClaims, type HttpResult, now, type TestTpp } from './testing/test-tpp';

// Starting the server makes RSA keys, a database and a NATS server: generous under a loaded CI machine.
jest.setTimeout(60_000);

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function expectDpopRefusal(result: HttpResult, description?: string): void {
  expect({ status: result.status, error: result.json.error }).toEqual({ status: 400, error: 'invalid_dpop_proof' });
  if (description !== undefined) expect(result.json.error_description).toEqual(description);
}

describe('DPoP proofs at the authorization server (RFC 9449; FAPI 2.0 Security Profile 5.3.2.1)', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_dpop');
  let tpp: TestTpp;
  let database: pg.Client;

  /** A client_credentials token request of the DPoP client with `dpop` as its DPoP header (none when undefined). */
  const tokenRequest = (dpop?: string) => tpp.token({ grant_type: 'client_credentials', scope: 'accounts' }, undefined, dpop === undefined ? {} : { dpop });

  /** A nonce the server currently hands out (RFC 9449 8): the DPoP-Nonce of its answer to a proof without one. */
  async function serverNonce(): Promise<string> {
    const answer = await tokenRequest(await tpp.dpopProof());
    const nonce = answer.headers.get('dpop-nonce');
    if (!nonce) throw new Error(`no DPoP-Nonce in ${answer.status} ${answer.text}`);
    return nonce;
  }

  /** A proof that would be accepted (current nonce, fresh iat and jti), with `claims` changed. */
  const validProof = async (claims: DpopProofClaims = {}, header: Record<string, unknown> = {}) => tpp.dpopProof({ nonce: await serverNonce(), ...claims }, undefined, header);

  beforeAll(async () => {
    await server.start();
    tpp = await server.registerFapi2Tpp({ authMethod: 'private_key_jwt', alg: 'ES256', senderConstraint: 'dpop', requestObject: 'unsigned' });
    database = new pg.Client({ connectionString: server.options.databaseUrl });
    await database.connect();
  });

  afterAll(async () => {
    await database?.end();
    await tpp?.connection.close();
    await server.stop();
  });

  describe('server-provided nonces (RFC 9449 8: required at this server)', () => {
    it('a proof without a nonce gets 400 use_dpop_nonce and a DPoP-Nonce; the same request proven with it gets a DPoP-bound token', async () => {
      const first = await tokenRequest(await tpp.dpopProof());
      expect({ status: first.status, error: first.json.error }).toEqual({ status: 400, error: 'use_dpop_nonce' });
      const nonce = first.headers.get('dpop-nonce');
      expect(nonce).toEqual(expect.any(String));

      const second = await tokenRequest(await tpp.dpopProof({ nonce: String(nonce) }));
      expect(second.status).toBe(200);
      expect(second.json.token_type).toBe('DPoP');
      const { payload } = await jwtVerify(String(second.json.access_token), server.jwks, { issuer: server.issuer });
      expect(payload.cnf).toEqual({ jkt: await calculateJwkThumbprint(tpp.dpopKey!.publicJwk) });
    });

    it('a nonce the server never gave gets use_dpop_nonce again, with a nonce to use', async () => {
      const answer = await tokenRequest(await tpp.dpopProof({ nonce: 'made-up-nonce' }));
      expect({ status: answer.status, error: answer.json.error }).toEqual({ status: 400, error: 'use_dpop_nonce' });
      expect(answer.headers.get('dpop-nonce')).toEqual(expect.any(String));
    });
  });

  describe('refused proofs, each 400 invalid_dpop_proof', () => {
    it('no proof from a client registered with dpop_bound_access_tokens', async () => {
      expectDpopRefusal(await tokenRequest(), refusalBy(RULES.dpopProofRequired, 'the token request has no DPoP header'));
    });

    it('a proof that is not a JWT', async () => {
      expectDpopRefusal(await tokenRequest('not-a-dpop-proof'));
    });

    it('a proof for another method (htm GET)', async () => {
      expectDpopRefusal(await tokenRequest(await validProof({ htm: 'GET' })), 'DPoP proof htm mismatch');
    });

    it('a proof for another URL (htu the PAR endpoint)', async () => {
      expectDpopRefusal(await tokenRequest(await validProof({ htu: '/request' })), 'DPoP proof htu mismatch');
    });

    it('a proof issued more than 60 s ago, though it carries a current nonce', async () => {
      expectDpopRefusal(await tokenRequest(await validProof({ iat: now() - 120 })), refusalBy(RULES.dpopProofFresh));
    });

    it('a proof issued more than 60 s in the future (FAPI 2.0 5.3.2.1-13)', async () => {
      expectDpopRefusal(await tokenRequest(await validProof({ iat: now() + 120 })), refusalBy(RULES.dpopProofFresh));
    });

    it('a proof replayed: accepted once, refused the second time', async () => {
      const proof = await validProof({ jti: randomUUID() });
      expect((await tokenRequest(proof)).status).toBe(200);
      expectDpopRefusal(await tokenRequest(proof), refusalBy(RULES.dpopProofOnce, 'the DPoP proof jti was used before'));
    });

    it('a replay is caught through the shared table, where every instance records the proofs it accepted', async () => {
      const before = await database.query(`SELECT count(*)::int AS n FROM oidc_model WHERE kind = 'DPoPProof' AND expires_at > now()`);
      expect((await tokenRequest(await validProof())).status).toBe(200);
      const after = await database.query(`SELECT count(*)::int AS n FROM oidc_model WHERE kind = 'DPoPProof' AND expires_at > now()`);
      expect(after.rows[0].n).toBeGreaterThan(before.rows[0].n);
    });

    it('a proof with alg none (unsigned)', async () => {
      const [, payload] = (await validProof()).split('.');
      const unsigned = `${encode({ typ: 'dpop+jwt', alg: 'none', jwk: tpp.dpopKey!.publicJwk })}.${payload}.`;
      expectDpopRefusal(await tokenRequest(unsigned));
    });

    it('a proof MACed HS256 (a symmetric alg)', async () => {
      const [, payload] = (await validProof()).split('.');
      const header = encode({ typ: 'dpop+jwt', alg: 'HS256', jwk: { kty: 'oct', k: Buffer.from('a shared secret').toString('base64url') } });
      const mac = createHmac('sha256', 'a shared secret').update(`${header}.${payload}`).digest('base64url');
      expectDpopRefusal(await tokenRequest(`${header}.${payload}.${mac}`));
    });

    it('a proof whose signature is not by the key in its header', async () => {
      const otherKey = await signingKey('ES256');
      expectDpopRefusal(await tokenRequest(await validProof({}, { jwk: otherKey.publicJwk })));
    });

    it('a proof without typ dpop+jwt', async () => {
      expectDpopRefusal(await tokenRequest(await validProof({}, { typ: 'JWT' })));
    });
  });

  describe('userinfo, a resource of this server (RFC 9449 7)', () => {
    let browser: Browser;
    let userinfoToken: string;

    beforeAll(async () => {
      browser = server.browser();
      const consent = server.createConsent(tpp.clientId);
      const { code, verifier } = await authoriseFapi2(server, tpp, browser, consent.consentId, { signed: false });
      const tokens = await tpp.tokenWithDpop({ grant_type: 'authorization_code', code, redirect_uri: tpp.redirectUri, code_verifier: verifier });
      const refreshed = await tpp.tokenWithDpop({ grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token), scope: 'openid' });
      userinfoToken = String(refreshed.json.access_token);
    });

    afterAll(async () => {
      await browser?.close();
    });

    const ath = () => createHash('sha256').update(userinfoToken).digest('base64url');
    const userinfo = (scheme: string, proof?: string) =>
      tpp.connection.request('/me', { headers: { authorization: `${scheme} ${userinfoToken}`, ...(proof && { dpop: proof }) } });

    it('answers the DPoP-bound token with a proof of its key (nonce included)', async () => {
      const answer = await tpp.withDpopNonce({ htm: 'GET', htu: '/me', ath: ath() }, (headers) =>
        tpp.connection.request('/me', { headers: { authorization: `DPoP ${userinfoToken}`, ...headers } }),
      );
      expect(answer.status).toBe(200);
    });

    it('refuses it with a proof of another key: 401 invalid_token, WWW-Authenticate DPoP', async () => {
      const otherKey = await signingKey('ES256');
      const answer = await tpp.withDpopNonce(
        { htm: 'GET', htu: '/me', ath: ath() },
        (headers) => tpp.connection.request('/me', { headers: { authorization: `DPoP ${userinfoToken}`, ...headers } }),
        otherKey,
      );
      expect({ status: answer.status, error: answer.json.error }).toEqual({ status: 401, error: 'invalid_token' });
      expect(answer.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_token"/);
    });

    it('refuses a malformed proof: 401 invalid_dpop_proof, WWW-Authenticate: DPoP error="invalid_dpop_proof"', async () => {
      const answer = await userinfo('DPoP', 'not-a-dpop-proof');
      expect({ status: answer.status, error: answer.json.error }).toEqual({ status: 401, error: 'invalid_dpop_proof' });
      expect(answer.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
    });

    it('refuses a proof replayed: 401 invalid_token', async () => {
      const send = (headers: Record<string, string>) => tpp.connection.request('/me', { headers: { authorization: `DPoP ${userinfoToken}`, ...headers } });
      const nonceAnswer = await send({ dpop: await tpp.dpopProof({ htm: 'GET', htu: '/me', ath: ath() }) });
      const proof = await tpp.dpopProof({ htm: 'GET', htu: '/me', ath: ath(), nonce: String(nonceAnswer.headers.get('dpop-nonce')) });
      expect((await send({ dpop: proof })).status).toBe(200);
      const replayed = await send({ dpop: proof });
      expect({ status: replayed.status, error: replayed.json.error }).toEqual({ status: 401, error: 'invalid_token' });
    });

    it('refuses the DPoP-bound token sent as Bearer', async () => {
      const answer = await userinfo('Bearer');
      expect({ status: answer.status, error: answer.json.error }).toEqual({ status: 401, error: 'invalid_token' });
    });
  });
});
