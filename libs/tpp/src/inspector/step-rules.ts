import type { FintechProtocol } from '../fintech-protocol';
import type { StepKind } from './journey-record';

/** A sentence for every protocol, or one per standard where FAPI 1.0 and 2.0 cite different clauses. */
type RuleSentence = string | ((protocol: FintechProtocol) => string);

const byStandard = (fapi1: string, fapi2: string) => (protocol: FintechProtocol) => (protocol.standard === 'FAPI 2.0' ? fapi2 : fapi1);

const bySenderConstraint = (mtls: string, dpop: string) => (protocol: FintechProtocol) => (protocol.senderConstraint === 'dpop' ? dpop : mtls);

/** What the authorization response is protected by, per response style (fintech-protocol.ts). */
const CALLBACK_RULES: Record<FintechProtocol['response'], string> = {
  jarm: 'JARM (FAPI 1.0 Advanced 5.2.2-2, FAPI 2.0 Message Signing 5.4): the response is a JWT signed by the AS; the fintech checks its signature, iss, aud and exp before it reads the code.',
  hybrid: 'FAPI 1.0 Advanced 5.2.2.1: the ID Token is a detached signature; its c_hash and s_hash bind the code and the state, its nonce the request.',
  plain: 'RFC 9207 2.4 (FAPI 2.0 Security Profile 5.3.3): the fintech checks that iss names the AS it sent the PSU to (mix-up defence) and that state is its own.',
};

/** The authorization request as the browser carries it, per request style. */
const AUTHORIZATION_RULES: Record<FintechProtocol['request'], string> = {
  'signed-pushed': 'RFC 9126 4 (FAPI 1.0 Advanced 5.2.2-1, FAPI 2.0 Security Profile 5.3.2.2-3): the browser carries only client_id and the request_uri; the signed request stayed on the back channel.',
  'signed-by-value': 'FAPI 1.0 Advanced 5.2.2-1 (OIDC Core 6.1): the request object is signed (RFC 9101) and travels by value, with response_type, client_id and scope repeated as plain parameters.',
  'plain-pushed': 'RFC 9126 4 (FAPI 2.0 Security Profile 5.3.2.2-3): the browser carries only client_id and the request_uri; nothing in the address can be changed by the PSU or a script.',
};

/** One sentence per step kind: which rule the step satisfies, with the clause. */
const STEP_RULES: Record<StepKind, RuleSentence> = {
  discovery: 'OpenID Connect Discovery 1.0 4: the fintech learns the AS\'s endpoints, keys and algorithms from its metadata, not from configuration.',
  'as-keys': 'OpenID Connect Core 10.1: the AS publishes its public keys (jwks_uri); the fintech checks every JWT the AS signs against them.',
  'bank-keys': 'UK OB v4.0 Message Signing: the bank publishes the keys its x-jws-signature is checked against.',
  'client-credentials': byStandard(
    'UK OB v4.0 (FAPI 1.0 Advanced 5.2.2-14): a client-credentials token, the client authenticated by private_key_jwt or mTLS, lets the fintech create the consent.',
    'UK OB v4.0 (FAPI 2.0 Security Profile 5.3.2.1-6): a client-credentials token, the client authenticated by private_key_jwt or mTLS, lets the fintech create the consent.',
  ),
  'account-access-consent': 'UK OB v4.0 AIS: the account-access consent comes first, AwaitingAuthorisation; its ConsentId travels as the openbanking_intent_id the PSU approves.',
  'payment-consent': 'UK OB v4.0 PIS: the payment consent is signed (x-jws-signature) and x-idempotency-key makes this POST safe to retry.',
  par: byStandard(
    'FAPI 1.0 Advanced 5.2.2-18: PKCE S256 with PAR; the signed request object (5.2.2-1, exp - nbf at most 60 minutes, 5.2.2-13) is pushed with the client\'s authentication.',
    'FAPI 2.0 Security Profile 5.3.2.2-3 and -5: the request is pushed (PAR, RFC 9126) with PKCE S256 and the client\'s authentication.',
  ),
  authorization: (protocol) => AUTHORIZATION_RULES[protocol.request],
  callback: (protocol) => CALLBACK_RULES[protocol.response],
  'code-exchange': bySenderConstraint(
    'RFC 8705 3 (FAPI 1.0 Advanced 5.2.2-5, FAPI 2.0 5.3.2.1-4): the code is redeemed with the PKCE verifier over mTLS; the token is bound to the certificate (cnf.x5t#S256).',
    'RFC 9449 5 (FAPI 2.0 Security Profile 5.3.2.1-5): the code is redeemed with the PKCE verifier and a DPoP proof; the token is bound to its key (cnf.jkt).',
  ),
  'account-read': bySenderConstraint(
    'RFC 8705 3 (FAPI 1.0 Baseline 6.2.2-5): the bank checks the token\'s cnf against the certificate presented; x-fapi-interaction-id ties this call to the journey.',
    'RFC 9449 7: the token goes as Authorization: DPoP with a fresh proof whose ath is the token\'s hash; x-fapi-interaction-id ties this call to the journey.',
  ),
  'consent-deletion': 'UK OB v4.0 AIS: the PSU withdrew the access; the bank ends the consent and refuses its token from now on.',
  'payment-submission': 'UK OB v4.0 PIS: x-idempotency-key makes this POST safe to retry; the body, signed (x-jws-signature), repeats the consent\'s Initiation and Risk exactly.',
  'payment-read': 'UK OB v4.0 PIS: the fintech reads the payment\'s status as settlement moves it on, and checks the bank\'s x-jws-signature first.',
  'dpop-nonce-challenge': 'RFC 9449 8 and 9: the server asks for a fresh nonce (DPoP-Nonce) to put in the proof; the fintech sends the request again once, with it.',
  'fintech-refusal': 'FAPI 1.0 Advanced 5.2.3, FAPI 2.0 Security Profile 5.3.3: a client acts only on answers that pass its checks; this one did not.',
  other: 'FAPI 1.0 Baseline 6.2.2-5: every back-channel call carries the journey\'s x-fapi-interaction-id.',
};

/** The sentence for a step of a journey run under `protocol`. */
export function stepRule(kind: StepKind, protocol: FintechProtocol): string {
  const rule = STEP_RULES[kind];
  return typeof rule === 'string' ? rule : rule(protocol);
}
