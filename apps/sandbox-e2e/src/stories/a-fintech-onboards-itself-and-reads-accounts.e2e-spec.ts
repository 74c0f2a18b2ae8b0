import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { Agent } from 'undici';
import { x5tS256 } from '@fapi/pki';
import { expectConformsToSpec } from '@fapi/open-banking/testing';
import { Browser } from '../support/browser';
import { approvedCode, IndependentTpp, pkce, type TokenSet } from '../support/independent-tpp';
import { onboardFintech } from '../support/onboarding';
import { startBankAgain } from '../support/bank-restart';
import { sandbox } from '../support/sandbox-state';
import { currentPid, ended } from '../support/service-processes';

/** A bank answer, checked against the official OB v4.0 OpenAPI before the story looks at it. */
async function conforming<T>(tpp: IndependentTpp, method: string, resource: string, token: string, body?: unknown) {
  const answer = await tpp.bank<T>(method, resource, token, body);
  await expectConformsToSpec(method, `/open-banking/v4.0/aisp/${resource}`, answer.status, answer.body, answer.headers);
  expect(answer.headers['x-fapi-interaction-id']).toBeTruthy();
  return answer;
}

describe('a fintech outside this repository onboards itself and reads a PSU’s accounts', () => {
  let tpp: IndependentTpp;
  let consentId: string;
  let tokens: TokenSet;
  let code: string;
  let codeVerifier: string;

  beforeAll(async () => {
    tpp = new IndependentTpp(
      onboardFintech('Acme Budgeting', ['--redirect-uri', 'https://acme.example/callback', '--auth-method', 'tls_client_auth', '--response-style', 'jarm', '--alg', 'ES256']),
    );
  });

  afterAll(async () => {
    await tpp.close();
  });

  it('creates an account-access consent with a client-credentials token', async () => {
    const { access_token } = await tpp.clientCredentialsToken('accounts');
    const created = await conforming<{ Data: { ConsentId: string; Status: string; Permissions: string[] } }>(tpp, 'POST', 'account-access-consents', access_token, {
      Data: { Permissions: ['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsBasic', 'ReadTransactionsCredits'] },
      Risk: {},
    });
    expect(created.status).toBe(201);
    expect(created.body.Data.Status).toBe('AWAU');
    consentId = created.body.Data.ConsentId;
  });

  it('sends Ava through PAR and gets her approval back as a signed JARM response', async () => {
    const verifier = pkce();
    codeVerifier = verifier.verifier;
    // Every authorization parameter, PKCE included, travels inside the signed request object.
    const requestObject = await tpp.requestObject(consentId, { code_challenge: verifier.challenge, code_challenge_method: 'S256' });
    const pushed = await tpp.pushAuthorizationRequest(requestObject);
    expect({ status: pushed.status, error: pushed.body.error_description }).toEqual({ status: 201, error: undefined });
    expect(pushed.body.expires_in).toBeLessThanOrEqual(60);

    const browser = new Browser(readFileSync(path.join(sandbox().certsDir, 'ca.pem'), 'utf8')).stopAt(tpp.redirectUri);
    try {
      const login = await browser.open(await tpp.authorizationUrl({ request_uri: pushed.body.request_uri as string }));
      const consentPage = await browser.submit(login, 'form[action$="/login"]', { username: 'ava', password: 'ava-sandbox-pass' });
      const back = await browser.submit(consentPage, 'form[action$="/consent"]', { accountIds: ['acc-ava-everyday', 'acc-ava-travel'] }, '[value=approve]');
      const response = new URL(back.url).searchParams.get('response');
      expect(response).toBeTruthy();
      const jarm = await tpp.verifyFromAs(response as string);
      expect(jarm.iss).toBe(sandbox().issuer);
      expect(jarm.code).toEqual(expect.any(String));
      code = jarm.code as string;
    } finally {
      await browser.close();
    }

    const reusedRequestUri = await tpp.call('GET', await tpp.authorizationUrl({ request_uri: pushed.body.request_uri as string }), { agent: new Agent({ connect: { ca: tpp.onboarded.transport.caPem } }) });
    expect(reusedRequestUri.status).toBe(400); // request_uri is single-use
  });

  it('redeems the code for tokens bound to its transport certificate and naming the consent', async () => {
    const redeemed = await tpp.redeemCode(code, codeVerifier);
    expect(redeemed.status).toBe(200);
    tokens = redeemed.body;
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      cnf: { 'x5t#S256': x5tS256(tpp.onboarded.transport.certPem) },
      openbanking_intent_id: consentId,
      client_id: tpp.clientId,
      aud: sandbox().bankUrl,
    });
    const idToken = await tpp.verifyFromAs(tokens.id_token as string);
    expect(idToken).toMatchObject({ openbanking_intent_id: consentId, acr: 'urn:openbanking:psd2:sca', sub: 'psu-ava' });

    const consent = await conforming<{ Data: { Status: string } }>(tpp, 'GET', `account-access-consents/${consentId}`, (await tpp.clientCredentialsToken()).access_token);
    expect(consent.body.Data.Status).toBe('AUTH');
  });

  it('reads exactly the two shared accounts, without the detail it did not ask for', async () => {
    const accounts = await conforming<{ Data: { Account: Array<{ AccountId: string; Account?: unknown }> } }>(tpp, 'GET', 'accounts', tokens.access_token);
    expect(accounts.status).toBe(200);
    expect(accounts.body.Data.Account.map((account) => account.AccountId).sort()).toEqual(['acc-ava-everyday', 'acc-ava-travel']);
    expect(accounts.body.Data.Account.every((account) => account.Account === undefined)).toBe(true); // Basic, not Detail

    const travel = await conforming<{ Data: { Balance: Array<{ Amount: { Amount: string }; CreditDebitIndicator: string }> } }>(tpp, 'GET', 'accounts/acc-ava-travel/balances', tokens.access_token);
    expect(travel.body.Data.Balance[0]).toMatchObject({ Amount: { Amount: '69.59', Currency: 'GBP' }, CreditDebitIndicator: 'Debit' });
    await conforming(tpp, 'GET', 'balances', tokens.access_token);

    const transactions = await conforming<{ Data: { Transaction: Array<{ CreditDebitIndicator: string; TransactionInformation?: string; AccountId: string }> } }>(tpp, 'GET', 'transactions', tokens.access_token);
    expect(transactions.body.Data.Transaction.length).toBeGreaterThan(0);
    expect(transactions.body.Data.Transaction.every((transaction) => transaction.CreditDebitIndicator === 'Credit')).toBe(true); // Credits only
    expect(transactions.body.Data.Transaction.every((transaction) => transaction.TransactionInformation === undefined)).toBe(true); // Basic
    expect(new Set(transactions.body.Data.Transaction.map((transaction) => transaction.AccountId))).toEqual(new Set(['acc-ava-everyday', 'acc-ava-travel']));
    await conforming(tpp, 'GET', 'accounts/acc-ava-everyday/transactions', tokens.access_token);
  });

  it('is refused what the consent does not cover, and a token presented with another certificate', async () => {
    const notShared = await conforming(tpp, 'GET', 'accounts/acc-ava-savings', tokens.access_token);
    expect(notShared.status).toBe(403);
    const notPermitted = await tpp.bank('GET', 'accounts/acc-ava-everyday/beneficiaries', tokens.access_token);
    expect([403, 404]).toContain(notPermitted.status);

    const { tppClientDir } = sandbox();
    const other = new IndependentTpp(tppClientDir);
    try {
      const stolen = await tpp.bank('GET', 'accounts', tokens.access_token, undefined, other.mtls);
      expect(stolen.status).toBe(401);
      expect(stolen.text).toBe('');
    } finally {
      await other.close();
    }

    const inQuery = await tpp.call('GET', `${sandbox().bankUrl}/open-banking/v4.0/aisp/accounts?access_token=${tokens.access_token}`);
    expect(inQuery.status).toBe(401);
  });

  it('revokes the consent, after which its access token stops working at once', async () => {
    const cc = (await tpp.clientCredentialsToken()).access_token;
    const deleted = await tpp.bank('DELETE', `account-access-consents/${consentId}`, cc);
    expect(deleted.status).toBe(204);
    const afterRevocation = await conforming(tpp, 'GET', 'accounts', tokens.access_token);
    expect(afterRevocation.status).toBe(403);
  });

  it('cannot redeem the same authorization code twice, and the reuse revokes the tokens it issued, at the bank too', async () => {
    expect((await tpp.bank('GET', 'accounts', tokens.access_token)).status).toBe(403); // the consent was revoked above
    const reused = await tpp.redeemCode(code, codeVerifier);
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');

    // The AS answered only once the bank had recorded the revoked grant: the very next call is refused by the bank
    // itself (401, the token's grant), before it looks at any consent.
    const afterReuse = await tpp.bank('GET', 'accounts', tokens.access_token);
    expect([afterReuse.status, afterReuse.text]).toEqual([401, '']);
  });

  it('a code replayed while the bank is down revokes its tokens there too: back up, the bank refuses them from its first answer', async () => {
    const state = sandbox();
    const created = await tpp.bank<{ Data: { ConsentId: string } }>('POST', 'account-access-consents', (await tpp.clientCredentialsToken()).access_token, {
      Data: { Permissions: ['ReadAccountsBasic'] },
      Risk: {},
    });
    const again = await approvedCode(tpp, created.body.Data.ConsentId, 'openid accounts', { username: 'ava', password: 'ava-sandbox-pass' }, { accountIds: ['acc-ava-everyday'] });
    const redeemed = await tpp.redeemCode(again.code, again.verifier);
    expect((await tpp.bank('GET', 'accounts', redeemed.body.access_token)).status).toBe(200);

    await ended(currentPid(state, 'bank-api'));
    // no bank acknowledges the revocation: the AS answers anyway, and its announcement waits on the durable stream
    const replayed = await tpp.redeemCode(again.code, again.verifier);
    expect([replayed.status, replayed.body.error]).toEqual([400, 'invalid_grant']);

    await startBankAgain(state, 'bank-api-after-replay');
    const firstAnswer = await tpp.bank('GET', 'accounts', redeemed.body.access_token);
    expect([firstAnswer.status, firstAnswer.text]).toEqual([401, '']);
  });
});
