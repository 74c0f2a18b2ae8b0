import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { OnboardedTpp } from '@fapi/onboarding';
import { answer, contextWith, fakeSandbox, onboardedTppForThisFile } from '../testing/fake-sandbox';
import { clientAuthentication } from './client-authentication';
import { clientRegistered } from './client-registered';
import { redirectUrisRegistered } from './redirect-uris-registered';
import { signingKeyRegistered } from './signing-key-registered';

const onboarded = onboardedTppForThisFile();

describe('client registered: the authorization endpoint names an unknown client_id invalid_client, credentials or not', () => {
  it('its error page saying invalid_client is a client the AS does not know', async () => {
    const { https, requests } = fakeSandbox(() => ({ ...answer(400), text: '<dt>error</dt><dd><code>invalid_client</code></dd>' }));
    expect(await clientRegistered.run(contextWith(onboarded.tpp, https))).toEqual({
      status: 'problem',
      summary: "client client-1 is not registered at https://as.example: the sandbox's data was reset, or this folder was onboarded at another sandbox",
      fix: 'onboard again (npm run onboard)',
    });
    expect(requests[0].url).toBe('https://as.example/auth?client_id=client-1');
  });

  it('any other answer (another error, a redirect) is a client it knows', async () => {
    const { https } = fakeSandbox(() => ({ ...answer(400), text: '<dt>error</dt><dd><code>invalid_request</code></dd>' }));
    expect(await clientRegistered.run(contextWith(onboarded.tpp, https))).toEqual({ status: 'ok', summary: 'client client-1 is registered at https://as.example' });
  });
});

describe('client authentication: a client_credentials request as the TPP makes it', () => {
  it('private_key_jwt: an assertion signed with signing.jwk.json, its kid, aud the issuer, over the transport certificate', async () => {
    const { https, requests } = fakeSandbox(() => answer(200, { access_token: 'at', token_type: 'Bearer' }));
    expect(await clientAuthentication.run(contextWith(onboarded.tpp, https))).toMatchObject({ status: 'ok' });

    const [{ url, request }] = requests;
    expect(url).toBe('https://as.example/token');
    expect(request.identity.cert).toBe(onboarded.tpp.transport.certPem);
    expect(request.form).toMatchObject({ grant_type: 'client_credentials', client_id: 'client-1', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' });
    expect(decodeProtectedHeader(request.form!.client_assertion)).toEqual({ alg: 'ES256', kid: onboarded.tpp.signingKid });
    expect(decodeJwt(request.form!.client_assertion)).toMatchObject({ iss: 'client-1', sub: 'client-1', aud: 'https://as.example' });
  });

  it('private_key_jwt refused as invalid_client: the signing key is not registered', async () => {
    const { https } = fakeSandbox(() => answer(401, { error: 'invalid_client', error_description: 'client authentication failed' }));
    expect(await clientAuthentication.run(contextWith(onboarded.tpp, https))).toMatchObject({
      status: 'problem',
      summary: `signing key ${onboarded.tpp.signingKid} (signing.jwk.json) is not in client client-1's registered JWKS: the token endpoint refused an assertion signed with it`,
    });
  });

  it('tls_client_auth refused as invalid_client: the certificate is not the registered one', async () => {
    const { https, requests } = fakeSandbox(() => answer(401, { error: 'invalid_client' }));
    expect(await clientAuthentication.run(contextWith({ ...onboarded.tpp, authMethod: 'tls_client_auth' }, https))).toMatchObject({
      status: 'problem',
      summary: "the token endpoint refused transport.pem as client client-1's certificate: its subject CN=Faked Fintech,O=FAPI Sandbox TPP,C=GB is not the registered tls_client_auth_subject_dn",
    });
    expect(requests[0].request.form).toEqual({ grant_type: 'client_credentials', scope: 'accounts', client_id: 'client-1' });
  });

  it('a DPoP-bound TPP sends a proof, and once more with the nonce the AS asks for', async () => {
    const dpopTpp = { ...onboarded.tpp, profile: 'fapi2', senderConstraint: 'dpop', dpopKey: onboarded.tpp.signingKey } as OnboardedTpp;
    const { https, requests } = fakeSandbox((_url, request) =>
      decodeJwt(request.headers!.dpop).nonce === 'n-1' ? answer(200, { access_token: 'at' }) : answer(400, { error: 'use_dpop_nonce' }, { 'dpop-nonce': 'n-1' }),
    );
    expect(await clientAuthentication.run(contextWith(dpopTpp, https))).toMatchObject({ status: 'ok' });
    const proofs = requests.map(({ request }) => decodeJwt(request.headers!.dpop));
    expect(proofs.map(({ htm, htu, nonce }) => ({ htm, htu, nonce }))).toEqual([
      { htm: 'POST', htu: 'https://as.example/token', nonce: undefined },
      { htm: 'POST', htu: 'https://as.example/token', nonce: 'n-1' },
    ]);
  });

  it('another refusal is shown as the AS gave it', async () => {
    const { https } = fakeSandbox(() => answer(400, { error: 'invalid_scope', error_description: 'accounts is not allowed' }));
    expect(await clientAuthentication.run(contextWith(onboarded.tpp, https))).toMatchObject({
      status: 'problem',
      summary: 'the token endpoint refused a client_credentials request of client client-1: HTTP 400 invalid_scope: accounts is not allowed',
    });
  });
});

describe('signing key and redirect URIs: pushed authorization requests naming a consent nobody has', () => {
  it('a request object the AS cannot verify is a signing key it does not have', async () => {
    const { https, requests } = fakeSandbox(() => answer(400, { error: 'invalid_request_object', error_description: 'could not validate Request Object' }));
    expect(await signingKeyRegistered.run(contextWith({ ...onboarded.tpp, authMethod: 'tls_client_auth' }, https))).toMatchObject({
      status: 'problem',
      summary: `signing key ${onboarded.tpp.signingKid} (signing.jwk.json) is not in client client-1's registered JWKS: PAR refused a request object signed with it (HTTP 400 invalid_request_object: could not validate Request Object)`,
    });
    expect(requests[0].url).toBe('https://as.example/request');
    expect(decodeJwt(requests[0].request.form!.request)).toMatchObject({ aud: 'https://as.example', response_type: 'code', response_mode: 'jwt', code_challenge_method: 'S256' });
  });

  it('a refusal of something before the request object was verified is not taken for a registered key', async () => {
    const { https } = fakeSandbox(() => answer(400, { error: 'invalid_request', error_description: 'Request Object is not allowed' }));
    expect(await signingKeyRegistered.run(contextWith(onboarded.tpp, https))).toMatchObject({
      status: 'problem',
      summary: 'PAR refused a request object of client client-1 signed with signing.jwk.json: HTTP 400 invalid_request: Request Object is not allowed',
    });
  });

  it('per redirect URI: refused for the consent is registered, refused for the redirect_uri is not', async () => {
    const twoUris = { ...onboarded.tpp, redirectUris: ['https://fintech.example/callback', 'https://fintech.example/other'] };
    const { https } = fakeSandbox((_url, request) =>
      decodeJwt(request.form!.request).redirect_uri === 'https://fintech.example/other'
        ? answer(400, { error: 'invalid_request', error_description: "redirect_uri did not match any of the client's registered redirect_uris" })
        : answer(400, { error: 'invalid_request', error_description: 'unknown openbanking_intent_id' }),
    );
    expect(await redirectUrisRegistered.run(contextWith(twoUris, https))).toEqual([
      { status: 'ok', summary: 'redirect URI https://fintech.example/callback is registered for client client-1' },
      {
        status: 'problem',
        summary:
          "redirect URI https://fintech.example/other (client.json) is not registered for client client-1: PAR answered HTTP 400 invalid_request: redirect_uri did not match any of the client's registered redirect_uris",
        fix: 'use the redirect URIs you onboarded with, or onboard again with --redirect-uri https://fintech.example/other',
      },
    ]);
  });

  it('a FAPI 2.0 unsigned TPP pushes plain parameters for its redirect URIs', async () => {
    const unsigned = { ...onboarded.tpp, profile: 'fapi2', senderConstraint: 'mtls', requestObject: 'unsigned' } as OnboardedTpp;
    const { https, requests } = fakeSandbox(() => answer(201, { request_uri: 'urn:x', expires_in: 60 }));
    expect(await redirectUrisRegistered.run(contextWith(unsigned, https))).toEqual([{ status: 'ok', summary: 'redirect URI https://fintech.example/callback is registered for client client-1' }]);
    expect(requests[0].request.form).toMatchObject({ response_type: 'code', redirect_uri: 'https://fintech.example/callback', code_challenge_method: 'S256' });
    expect(JSON.parse(requests[0].request.form!.claims).id_token.openbanking_intent_id.value).toBe('diagnose-probe-no-such-consent');
  });
});
