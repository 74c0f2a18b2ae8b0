import { html, type SafeHtml } from '@fapi/web-pages';
import { fintechPage } from './fintech-page';

/** A flow the sandbox demonstrates: which standard, which client (its onboarding profile) and how to run it. */
export interface DemonstrableFlow {
  id: string;
  name: string;
  standard: string;
  /** The client that runs it: an `npm run onboard -- --profile ...` folder, or this fintech. */
  client: string;
  /** How to run it: a command or the steps to follow (README.md "Flows" has each in full). */
  run: string;
}

/** A flow the authorization server refuses on purpose: the request, and the error it answers. */
export interface RefusedFlowSummary {
  id: string;
  name: string;
  request: string;
  error: string;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * Every flow the sandbox teaches ("OAuth vs OAuth 2 vs OpenID Connect vs FAPI"), as README.md "Flows" lists them with
 * a runnable example each, with this sandbox's authorization server in the commands. FAPI profiles reach the bank;
 * teaching clients (client_profile teaching) never do.
 */
export const demonstrableFlows = (issuer: string): readonly DemonstrableFlow[] => [
  {
    id: 'fapi1-advanced',
    name: 'Account access and payments, FAPI 1.0 Advanced',
    standard: 'FAPI 1.0 Advanced + UK Open Banking v4.0 (PAR + JARM, or hybrid; mTLS-bound tokens)',
    client: 'this fintech (npm run onboard -- --profile fapi1-advanced ...)',
    run: 'On the home page: Connect your bank, or Make a payment.',
  },
  {
    id: 'fapi2',
    name: 'Account access and payments, FAPI 2.0',
    standard: 'FAPI 2.0 Security Profile + Message Signing (PAR, PKCE, DPoP- or mTLS-bound tokens)',
    client: 'this fintech, started with npm start -- --fintech-profile fapi2 (your own: npm run onboard -- --profile fapi2 --sender-constraint dpop ...)',
    run: 'The same journeys; the home page says “Connected as a FAPI 2.0 · DPoP-bound tokens”.',
  },
  {
    id: 'code-pkce-public',
    name: 'Authorization code with PKCE, public client',
    standard: 'OAuth 2.0 (RFC 6749, RFC 7636) + OpenID Connect: id_token and userinfo',
    client: 'npm run onboard -- --profile teaching --auth-method none',
    run: `${issuer}/auth?client_id=…&response_type=code&scope=openid%20profile&redirect_uri=…&code_challenge=…&code_challenge_method=S256, then POST /token with code_verifier and no secret`,
  },
  {
    id: 'code-pkce-confidential',
    name: 'Authorization code with PKCE, confidential client',
    standard: 'OAuth 2.0 + OpenID Connect, client authenticated with private_key_jwt or tls_client_auth',
    client: 'npm run onboard -- --profile teaching --auth-method private_key_jwt',
    run: 'As the public client, with a client_assertion at /token; GET /me with the access token',
  },
  {
    id: 'device',
    name: 'Device authorization grant',
    standard: 'RFC 8628: user code on the bank’s verification page, polling with authorization_pending / slow_down / expired_token / access_denied',
    client: 'npm run onboard -- --profile teaching --auth-method none',
    run: `curl ${issuer}/device/auth -d client_id=… -d scope=openid, open verification_uri_complete, poll POST /token grant_type=${DEVICE_GRANT}`,
  },
  {
    id: 'client-credentials',
    name: 'Client credentials',
    standard: 'OAuth 2.0 (RFC 6749 4.4): no user, no id_token; an opaque token the bank does not accept',
    client: 'npm run onboard -- --profile teaching --auth-method private_key_jwt',
    run: 'POST /token grant_type=client_credentials with a client_assertion; introspect it at /token/introspection',
  },
];

/** The flows refused on purpose; the authorization server's error_description says why, citing the clause. */
export const REFUSED_FLOWS: readonly RefusedFlowSummary[] = [
  { id: 'password', name: 'Resource owner password credentials', request: 'POST /token grant_type=password', error: 'unsupported_grant_type' },
  { id: 'implicit', name: 'Implicit', request: 'GET /auth?response_type=token (or id_token token)', error: 'unsupported_response_type' },
  { id: 'bank-scopes', name: 'A teaching client asking for accounts or payments', request: 'scope=openid accounts, any endpoint', error: 'invalid_scope' },
];

/** The flows page (GET /flows), linked from the home page: every flow the sandbox teaches and how to run it. */
export function flowsPage(fintechName: string, issuer: string): SafeHtml {
  const flows = demonstrableFlows(issuer).map(
    (flow) => html`<section class="card" id="flow-${flow.id}">
<h2>${flow.name}</h2>
<p>${flow.standard}</p>
<p>Client: <code>${flow.client}</code></p>
<p>Run it: <code>${flow.run}</code></p>
</section>\n`,
  );
  const refused = REFUSED_FLOWS.map((flow) => html`<li id="refused-${flow.id}">${flow.name}: <code>${flow.request}</code> is answered <code>${flow.error}</code></li>\n`);
  return fintechPage({
    fintechName,
    id: 'flows',
    title: 'The flows this sandbox teaches',
    body: html`<p class="lead">OAuth 2.0, OpenID Connect and FAPI side by side: the bank trusts only FAPI-profile tokens; the other flows run
with a teaching client and get identity only. README.md (“Flows”) has a runnable example of each.</p>
${flows}
<h2>Refused on purpose</h2>
<p>The authorization server answers these with the standard error and a description that says why, citing the clause.</p>
<ul id="refused-flows">
${refused}</ul>
<p><a href="/">Back to start</a></p>`,
  });
}
