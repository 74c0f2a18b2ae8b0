import { jwtVerify } from 'jose';
import { type Browser, type Page, pkce } from '@fapi/testing';
import type { AuthorizationServerHarness } from './authorization-server-harness';
import { PSU, PSU_ACCOUNTS } from './fake-bank-customers';
import { intentClaims, type TestTpp } from './test-tpp';

/** The browser shows a page of the AS (not a redirect that left it). */
export function expectPage(page: Page): Page {
  if (page.status === 0) throw new Error(`expected a page, got a redirect to ${page.url}`);
  return page;
}

/** The browser left the AS (Browser.stayWithin): the URL the AS sent the PSU to. */
export function expectRedirect(page: Page): URL {
  if (page.status !== 0) throw new Error(`expected a redirect, got page ${page.url} (${page.status}): ${page.html}`);
  return new URL(page.url);
}

/** The PSU starts at `startUrl` and signs in on the login page; answers the consent page titled `consentTitle`. */
export async function signInToConsentPage(browser: Browser, startUrl: string, consentTitle = 'Share your account information'): Promise<Page> {
  const login = expectPage(await browser.open(startUrl));
  if (!login.html.includes('Sign in to Sandbox Bank')) throw new Error(`expected the login page, got ${login.status}: ${login.html}`);
  const consent = expectPage(await browser.submit(login, 'form', { username: PSU.username, password: PSU.password }));
  if (!consent.html.includes(consentTitle)) throw new Error(`expected the consent page, got ${consent.status}: ${consent.html}`);
  return consent;
}

/** The PSU signs in on the login page and approves the consent page with the given accounts; answers the redirect to the TPP. */
export async function approveThroughPages(browser: Browser, startUrl: string, accountIds = [PSU_ACCOUNTS[0].accountId]): Promise<URL> {
  const consent = await signInToConsentPage(browser, startUrl);
  return expectRedirect(await browser.submit(consent, 'form', { decision: 'approve', accountIds }));
}

/** A PAR + JARM authorization request of `tpp` for `consentId`, pushed: the authorization URL, its PKCE verifier, state and request_uri. */
export async function pushAuthorizationRequest(tpp: TestTpp, consentId: string, scope = 'openid accounts') {
  const { verifier, challenge } = pkce();
  const state = `state-${consentId}`;
  const request = await tpp.requestObject({
    response_type: 'code',
    response_mode: 'jwt',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope,
    state,
    claims: intentClaims(consentId),
  });
  const pushed = await tpp.par(request);
  if (pushed.status !== 201) throw new Error(`PAR refused: ${pushed.status} ${pushed.text}`);
  const requestUri = String(pushed.json.request_uri);
  return { url: tpp.authorizationUrl({ request_uri: requestUri }), verifier, state, requestUri, expiresIn: Number(pushed.json.expires_in) };
}

/** A PAR + JARM authorisation of `consentId` approved by the PSU: the JARM-verified code, its verifier and the request_uri used. */
export async function authoriseWithParAndJarm(server: AuthorizationServerHarness, tpp: TestTpp, browser: Browser, consentId: string) {
  const { url, verifier, state, requestUri, expiresIn } = await pushAuthorizationRequest(tpp, consentId);
  const callback = await approveThroughPages(browser, url);
  const { payload } = await jwtVerify(String(callback.searchParams.get('response')), server.jwks, { issuer: server.issuer, audience: tpp.clientId });
  if (payload.state !== state) throw new Error('JARM response state mismatch');
  return { code: String(payload.code), verifier, requestUri, expiresIn };
}

/** How a FAPI 2.0 client asks: its request object choice, and whether it wants the response as JARM. */
export interface Fapi2RequestOptions {
  signed: boolean;
  jarm?: boolean;
  /** Binds the code to the client's DPoP key with a proof at PAR (RFC 9449 10.1). */
  dpopAtPar?: boolean;
}

/** The authorization request parameters of a FAPI 2.0 client for `consentId`, with a fresh PKCE pair. */
export function fapi2AuthorizationParameters(tpp: TestTpp, consentId: string, jarm = false) {
  const { verifier, challenge } = pkce();
  const state = `state-${consentId}`;
  const parameters: Record<string, string> = {
    response_type: 'code',
    ...(jarm && { response_mode: 'jwt' }),
    redirect_uri: tpp.redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope: 'openid accounts',
    state,
  };
  return { parameters, verifier, state };
}

/** Pushes a FAPI 2.0 request (`parameters`, signed as a request object or as plain form fields) for `consentId`. */
export async function pushFapi2Parameters(tpp: TestTpp, consentId: string, parameters: Record<string, string | undefined>, options: Fapi2RequestOptions) {
  const push = async (headers: Record<string, string>) =>
    options.signed
      ? tpp.par(await tpp.requestObject({ ...parameters, claims: intentClaims(consentId) }), undefined, headers)
      : tpp.parParameters({ ...parameters, claims: JSON.stringify(intentClaims(consentId)) }, undefined, headers);
  return options.dpopAtPar ? tpp.withDpopNonce({ htu: '/request' }, push) : push({});
}

/** A FAPI 2.0 authorisation of `consentId` approved by the PSU: the callback's code, state and iss (plain or JARM). */
export async function authoriseFapi2(server: AuthorizationServerHarness, tpp: TestTpp, browser: Browser, consentId: string, options: Fapi2RequestOptions) {
  const { parameters, verifier, state } = fapi2AuthorizationParameters(tpp, consentId, options.jarm);
  const pushed = await pushFapi2Parameters(tpp, consentId, parameters, options);
  if (pushed.status !== 201) throw new Error(`PAR refused: ${pushed.status} ${pushed.text}`);
  const callback = await approveThroughPages(browser, tpp.authorizationUrl({ request_uri: String(pushed.json.request_uri) }));
  const response = options.jarm
    ? (await jwtVerify(String(callback.searchParams.get('response')), server.jwks, { issuer: server.issuer, audience: tpp.clientId })).payload
    : Object.fromEntries(callback.searchParams);
  if (response.state !== state) throw new Error('authorization response state mismatch');
  return { code: String(response.code), iss: response.iss, verifier, callback };
}
