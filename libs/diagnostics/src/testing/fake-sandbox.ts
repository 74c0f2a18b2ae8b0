import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import type { OnboardedTpp } from '@fapi/onboarding';
import { generateSigningJwk, publicJwk } from '@fapi/pki';
import { TestPki } from '@fapi/testing';
import { DiagnosisContext } from '../diagnosis-context';
import type { HttpsProbe, ProbeAnswer, ProbeRequest } from '../https-probe';

export const ISSUER = 'https://as.example';
export const BANK_URL = 'https://bank.example';

/** The discovery document of the fake authorization server. */
export const ENDPOINTS = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/auth`,
  token_endpoint: `${ISSUER}/token`,
  pushed_authorization_request_endpoint: `${ISSUER}/request`,
};

/** An answer as a server gives it: JSON body, Date header of `date` unless told otherwise. */
export function answer(status: number, json: Record<string, unknown> = {}, headers: Record<string, string> = {}): ProbeAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, text: JSON.stringify(json), json };
}

/** An onboarded TPP as loadOnboardedTpp gives it, with a transport certificate of `pki`'s sandbox CA. */
async function onboardedTpp(pki: TestPki): Promise<OnboardedTpp> {
  const signingJwk = await generateSigningJwk('ES256');
  const { cert, key } = pki.clientCertificate('Faked Fintech', 'FAPI Sandbox TPP');
  return {
    clientId: 'client-1',
    clientName: 'Faked Fintech',
    issuer: ISSUER,
    bankUrl: BANK_URL,
    redirectUris: ['https://fintech.example/callback'],
    authMethod: 'private_key_jwt',
    profile: 'fapi1-advanced',
    responseStyle: 'jarm',
    senderConstraint: 'mtls',
    requestObject: 'signed',
    signingAlg: 'ES256',
    signingKid: signingJwk.kid!,
    transport: { certPem: cert, keyPem: key, caPem: pki.caPem },
    signingKey: createPrivateKey({ key: signingJwk as JsonWebKey, format: 'jwk' }),
    publicJwks: { keys: [publicJwk(signingJwk)] },
  } as OnboardedTpp;
}

/**
 * A test file's onboarded TPP and the PKI that issued its transport certificate: made before the file's tests, the
 * PKI's files removed after them. Read `.tpp` and `.pki` inside a test or hook, once they are made.
 */
export function onboardedTppForThisFile(): { readonly pki: TestPki; readonly tpp: OnboardedTpp } {
  const made = {} as { pki: TestPki; tpp: OnboardedTpp };
  beforeAll(async () => {
    made.pki = await TestPki.create();
    made.tpp = await onboardedTpp(made.pki);
  });
  afterAll(() => made.pki.remove());
  return made;
}

/** The requests a fake sandbox received, and a probe answering each with `answerFor`. */
export function fakeSandbox(answerFor: (url: string, request: ProbeRequest) => ProbeAnswer) {
  const requests: Array<{ url: string; request: ProbeRequest }> = [];
  const https: HttpsProbe = async (url, request) => {
    requests.push({ url, request });
    return answerFor(url, request);
  };
  return { requests, https };
}

/** A context whose folder was read as `tpp` and whose authorization server answered with ENDPOINTS. */
export function contextWith(tpp: OnboardedTpp, https: HttpsProbe, now: () => Date = () => new Date()): DiagnosisContext {
  const context = new DiagnosisContext({ folder: '/onboarded/faked', https, now });
  context.tpp = tpp;
  context.authorizationServer = { url: `${ISSUER}/.well-known/openid-configuration`, answer: answer(200, ENDPOINTS), receivedAt: now(), endpoints: ENDPOINTS };
  return context;
}
