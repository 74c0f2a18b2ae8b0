import { randomBytes } from 'node:crypto';
import type { AccountAccessConsent } from '@fapi/nats-contract';
import { BANK_TOKEN_RULES as RULES, type RefusalRule, refusalText } from '@fapi/refusal-catalogue';
import { AISP, startAispWorld, type AispWorld } from '../testing/aisp-world';
import { BANK_URL } from '../testing/bank-under-test';
import { accessTokenHash, DpopKey, type ProofOptions } from '../testing/dpop-key';
import type { BankResponse, TppClient } from '../testing/tpp-client';

const ACCOUNTS = `${AISP}/accounts`;
const ACCOUNTS_URL = `${BANK_URL}${ACCOUNTS}`;
const ALGS = 'algs="PS256 ES256"';
const invalidProof = (rule: RefusalRule, received?: string) => `DPoP error="invalid_dpop_proof", error_description="${refusalText(rule, received)}", ${ALGS}`;
const invalidToken = (rule: RefusalRule, received?: string) => `DPoP error="invalid_token", error_description="${refusalText(rule, received)}", ${ALGS}`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A proof refused for its age: what was received (how many seconds) depends on the moment, the rule does not. */
const invalidProofOfThisMoment = (rule: RefusalRule) =>
  expect.stringMatching(new RegExp(`^DPoP error="invalid_dpop_proof", error_description="the DPoP proof iat is \\d+ s (old|ahead); ${escapeRegExp(refusalText(rule))}", ${ALGS}$`)) as unknown as string;

/** What the TPP is told of a refusal: the status, the challenge, and the body (OB: a 401 has none). */
const refusalOf = (response: BankResponse) => ({ status: response.status, challenge: response.headers['www-authenticate'], body: response.text });
const unauthorized = (challenge: string) => ({ status: 401, challenge, body: '' });

describe('a DPoP-bound access token (RFC 9449) is accepted at the AISP API only with a valid DPoP proof of the request', () => {
  let world: AispWorld;
  let key: DpopKey;
  let consent: AccountAccessConsent;
  /** A token Mia authorised for her consent, bound to the TPP's DPoP key (cnf.jkt). */
  let token: string;
  beforeAll(async () => {
    world = await startAispWorld('aisp_dpop_bound_tokens');
    key = await DpopKey.generate('ES256');
    consent = world.consents.put({ clientId: 'tpp-a', status: 'AUTH', psuId: 'psu-mia', permissions: ['ReadAccountsBasic'], accountIds: ['acc-mia-everyday'] });
    token = await world.consentToken(consent, { claims: { cnf: { jkt: key.jkt } } });
  }, 60_000);
  afterAll(() => world?.stop());

  /** GET accounts as a DPoP client: `Authorization: DPoP <token>` and the proofs given (over a connection without a certificate). */
  const getAccounts = (proofs: string[], options: { scheme?: string; accessToken?: string; client?: TppClient; path?: string } = {}) =>
    (options.client ?? world.noCertificate).call('GET', options.path ?? ACCOUNTS, {
      headers: { authorization: `${options.scheme ?? 'DPoP'} ${options.accessToken ?? token}`, ...(proofs.length ? { dpop: proofs } : {}) },
    });
  const proof = (options?: ProofOptions) => key.proof('GET', ACCOUNTS_URL, token, options);
  const now = () => Math.floor(Date.now() / 1000);

  describe('accepted', () => {
    it('with a proof of this request signed by the key the token is bound to, ES256 or PS256', async () => {
      expect((await getAccounts([await proof()])).status).toBe(200);
      const rsaKey = await DpopKey.generate('PS256');
      const rsaToken = await world.consentToken(consent, { claims: { cnf: { jkt: rsaKey.jkt } } });
      expect((await getAccounts([await rsaKey.proof('GET', ACCOUNTS_URL, rsaToken)], { accessToken: rsaToken })).status).toBe(200);
    });

    it('on the TPP’s own endpoints too, with a client-credentials token bound to its DPoP key', async () => {
      const clientToken = await world.clientToken({ claims: { cnf: { jkt: key.jkt } } });
      const path = `${AISP}/account-access-consents/${consent.consentId}`;
      const response = await getAccounts([await key.proof('GET', `${BANK_URL}${path}`, clientToken)], { accessToken: clientToken, path });
      expect(response.status).toBe(200);
    });

    it('the scheme in any case, and an htu with a query and fragment (which are not compared)', async () => {
      expect((await getAccounts([await proof()], { scheme: 'dpop' })).status).toBe(200);
      expect((await getAccounts([await proof({ claims: { htu: `${ACCOUNTS_URL}?page=2#top` } })])).status).toBe(200);
    });

    it('an htu that differs only in the case of its scheme and host (RFC 3986 6.2.2 normalisation)', async () => {
      const upperCase = ACCOUNTS_URL.replace('https://bank.localhost', 'HTTPS://BANK.LOCALHOST');
      expect((await getAccounts([await proof({ claims: { htu: upperCase } })])).status).toBe(200);
    });
  });

  describe('refused: the proof (401 invalid_dpop_proof)', () => {
    it('no DPoP header', async () => {
      expect(refusalOf(await getAccounts([]))).toEqual(unauthorized(invalidProof(RULES.proofPresent, 'the request has no DPoP header')));
    });

    it('two DPoP headers, even each valid', async () => {
      expect(refusalOf(await getAccounts([await proof(), await proof()]))).toEqual(
        unauthorized(invalidProof(RULES.proofSingle, 'the request carries 2 DPoP headers')),
      );
    });

    it('not a JWT', async () => {
      expect(refusalOf(await getAccounts(['not-a-jwt']))).toEqual(unauthorized(invalidProof(RULES.proofWellFormed)));
    });

    it.each(['JWT', 'at+jwt', undefined])('typ %j instead of dpop+jwt', async (typ) => {
      expect(refusalOf(await getAccounts([await proof({ header: { typ } })]))).toEqual(unauthorized(invalidProof(RULES.proofTyp, `the DPoP proof typ is ${typ ?? 'absent'}`)));
    });

    it('alg none (unsigned)', async () => {
      expect(refusalOf(await getAccounts([await proof({ header: { alg: 'none' } })]))).toEqual(
        unauthorized(invalidProof(RULES.proofAlg, 'the DPoP proof alg is none')),
      );
    });

    it('a symmetric alg (HS256), whatever key it names', async () => {
      const secret = randomBytes(32);
      const refused = await getAccounts([await proof({ header: { alg: 'HS256', jwk: { kty: 'oct', k: secret.toString('base64url') } }, signWith: secret })]);
      expect(refusalOf(refused)).toEqual(unauthorized(invalidProof(RULES.proofAlg, 'the DPoP proof alg is HS256')));
    });

    it('a private key in the jwk header', async () => {
      expect(refusalOf(await getAccounts([await proof({ header: { jwk: key.privateJwk } })]))).toEqual(
        unauthorized(invalidProof(RULES.proofJwk, 'the DPoP proof jwk has private or symmetric key members')),
      );
    });

    it('no jwk header', async () => {
      expect(refusalOf(await getAccounts([await proof({ header: { jwk: undefined } })]))).toEqual(unauthorized(invalidProof(RULES.proofJwk, 'the DPoP proof has no jwk header')));
    });

    it('a signature that does not verify with the jwk of its header', async () => {
      const stranger = await DpopKey.generate('ES256');
      expect(refusalOf(await getAccounts([await stranger.proof('GET', ACCOUNTS_URL, token, { header: { jwk: key.publicJwk } })]))).toEqual(
        unauthorized(invalidProof(RULES.proofSignature)),
      );
    });

    it.each(['htm', 'htu', 'iat'])('no %s claim', async (claim) => {
      expect(refusalOf(await getAccounts([await proof({ claims: { [claim]: undefined } })]))).toEqual(
        unauthorized(invalidProof(RULES.proofClaims, `the DPoP proof has no ${claim} claim`)),
      );
    });

    it.each([
      ['no', undefined],
      ['an empty', ''],
      ['a 257-character', 'j'.repeat(257)],
      ['a NUL in its', 'jti-\u0000'],
      ['a numeric', 42],
    ])('%s jti', async (_, jti) => {
      expect(refusalOf(await getAccounts([await proof({ claims: { jti } })]))).toEqual(
        unauthorized(invalidProof(RULES.proofClaims, 'the DPoP proof jti is absent, too long or has control characters')),
      );
    });

    it('no ath claim (a proof made for the token endpoint)', async () => {
      expect(refusalOf(await getAccounts([await proof({ claims: { ath: undefined } })]))).toEqual(
        unauthorized(invalidProof(RULES.proofClaims, 'the DPoP proof has no ath claim')),
      );
    });

    it('htm of another method', async () => {
      expect(refusalOf(await getAccounts([await proof({ claims: { htm: 'POST' } })]))).toEqual(
        unauthorized(invalidProof(RULES.proofHtm, 'the DPoP proof htm is POST, the request GET')),
      );
    });

    it.each([
      ['another path', `${BANK_URL}${AISP}/account-access-consents`],
      ['another host', ACCOUNTS_URL.replace('bank.localhost', 'evil.localhost')],
      ['another port', ACCOUNTS_URL.replace(':8444', ':8445')],
      ['http instead of https', ACCOUNTS_URL.replace('https:', 'http:')],
      ['not a URL', 'accounts'],
    ])('htu of %s', async (_, htu) => {
      expect(refusalOf(await getAccounts([await proof({ claims: { htu } })]))).toEqual(
        unauthorized(invalidProof(RULES.proofHtu, `the DPoP proof htu is not ${ACCOUNTS_URL}`)),
      );
    });

    it('htu of the address the TPP connected to (the Host header), not the bank’s public URL', async () => {
      expect(refusalOf(await getAccounts([await proof({ claims: { htu: `${world.bank.origin}${ACCOUNTS}` } })]))).toEqual(
        unauthorized(invalidProof(RULES.proofHtu, `the DPoP proof htu is not ${ACCOUNTS_URL}`)),
      );
    });

    it('iat more than 60 seconds ago', async () => {
      expect(refusalOf(await getAccounts([await proof({ claims: { iat: now() - 120 } })]))).toEqual(
        unauthorized(invalidProofOfThisMoment(RULES.proofIat)),
      );
    });

    it('iat in the future beyond the clock skew', async () => {
      expect(refusalOf(await getAccounts([await proof({ claims: { iat: now() + 60 } })]))).toEqual(
        unauthorized(invalidProofOfThisMoment(RULES.proofIat)),
      );
    });

    it('ath of another access token', async () => {
      expect(refusalOf(await getAccounts([await proof({ claims: { ath: accessTokenHash(`${token}x`) } })]))).toEqual(
        unauthorized(invalidProof(RULES.proofAth)),
      );
    });

    it('a proof already used (the same jti): the first request is served, its replay refused', async () => {
      const once = await proof();
      expect((await getAccounts([once])).status).toBe(200);
      expect(refusalOf(await getAccounts([once]))).toEqual(unauthorized(invalidProof(RULES.proofJtiUnused, 'the DPoP proof jti was used before')));
      expect((await getAccounts([await proof({ claims: { jti: 'reused-jti' } })])).status).toBe(200);
      expect(refusalOf(await getAccounts([await proof({ claims: { jti: 'reused-jti' } })]))).toEqual(
        unauthorized(invalidProof(RULES.proofJtiUnused, 'the DPoP proof jti was used before')),
      );
    });
  });

  describe('refused: the token (401 invalid_token)', () => {
    it('a valid proof signed by another key than the one the token is bound to', async () => {
      const stranger = await DpopKey.generate('ES256');
      expect(refusalOf(await getAccounts([await stranger.proof('GET', ACCOUNTS_URL, token)]))).toEqual(
        unauthorized(invalidToken(RULES.proofKeyBinding, 'the proof key thumbprint is not cnf.jkt')),
      );
    });

    it('a DPoP-bound token presented as Bearer, even with a valid proof and a client certificate', async () => {
      expect(refusalOf(await getAccounts([await proof()], { scheme: 'Bearer', client: world.tppA }))).toEqual(
        unauthorized(invalidToken(RULES.tokenInItsScheme, 'the DPoP-bound access token came in the Bearer scheme')),
      );
    });

    it('a certificate-bound token presented as DPoP, even over its certificate with a valid proof', async () => {
      const mtlsToken = await world.consentToken(consent);
      expect(refusalOf(await getAccounts([await key.proof('GET', ACCOUNTS_URL, mtlsToken)], { accessToken: mtlsToken, client: world.tppA }))).toEqual(
        unauthorized(invalidToken(RULES.tokenDpopBound, 'the access token has no cnf.jkt')),
      );
    });

    it('a token the AS did not issue, presented as DPoP', async () => {
      const forged = await world.consentToken(consent, { unknownKey: true, claims: { cnf: { jkt: key.jkt } } });
      expect(refusalOf(await getAccounts([await key.proof('GET', ACCOUNTS_URL, forged)], { accessToken: forged }))).toEqual(
        unauthorized(invalidToken(RULES.tokenValid)),
      );
    });
  });

  describe('refused: no token', () => {
    it('a DPoP proof without an access token: the DPoP challenge with the algs the bank accepts', async () => {
      const response = await world.noCertificate.call('GET', ACCOUNTS, { headers: { dpop: await proof() } });
      expect(refusalOf(response)).toEqual(unauthorized(`DPoP ${ALGS}`));
    });

    it('no credentials at all: both schemes the bank accepts', async () => {
      expect(refusalOf(await world.noCertificate.call('GET', ACCOUNTS))).toEqual(unauthorized(`Bearer, DPoP ${ALGS}`));
    });
  });

  it('a certificate-bound token keeps working as Bearer over its certificate, with no proof', async () => {
    const mtlsToken = await world.consentToken(consent);
    expect((await world.tppA.call('GET', ACCOUNTS, { token: mtlsToken })).status).toBe(200);
  });
});
