import type { ProfileChoices, SenderConstraint } from '@fapi/onboarding';

/**
 * How the fintech runs an authorization, read from what it registered (its onboarded `client.json`):
 * - request: a signed request object (JAR) pushed to PAR, or sent by value, or plain parameters pushed to PAR;
 * - response: JARM (`code` + `response_mode=jwt`), hybrid (`code id_token`, the ID Token as detached signature), or
 *   plain (`code` + `iss` + `state` in the query, RFC 9207);
 * - senderConstraint: what binds its tokens at the bank, the transport certificate (RFC 8705) or a DPoP key (RFC 9449).
 */
export interface FintechProtocol {
  standard: 'FAPI 1.0 Advanced' | 'FAPI 2.0';
  request: 'signed-pushed' | 'signed-by-value' | 'plain-pushed';
  response: 'jarm' | 'hybrid' | 'plain';
  senderConstraint: SenderConstraint;
}

type RequestAndResponse = Pick<FintechProtocol, 'request' | 'response'>;

/** FAPI 1.0 Advanced 5.2.2-2: JARM goes with PAR; the hybrid request object travels by value. */
const FAPI1_RESPONSE_STYLES: Record<'jarm' | 'hybrid', RequestAndResponse> = {
  jarm: { request: 'signed-pushed', response: 'jarm' },
  hybrid: { request: 'signed-by-value', response: 'hybrid' },
};

/**
 * FAPI 2.0 (PAR always): a client that signs its requests (Message Signing 5.3) asks for signed responses too
 * (JARM, Message Signing 5.4); a client that does not gets the plain response, whose `iss` (RFC 9207) it checks.
 */
const FAPI2_REQUEST_OBJECTS: Record<'signed' | 'unsigned', RequestAndResponse> = {
  signed: { request: 'signed-pushed', response: 'jarm' },
  unsigned: { request: 'plain-pushed', response: 'plain' },
};

export function fintechProtocol(tpp: ProfileChoices): FintechProtocol {
  const { senderConstraint } = tpp;
  if (tpp.profile === 'fapi2') return { standard: 'FAPI 2.0', ...FAPI2_REQUEST_OBJECTS[tpp.requestObject], senderConstraint };
  return { standard: 'FAPI 1.0 Advanced', ...FAPI1_RESPONSE_STYLES[tpp.responseStyle], senderConstraint };
}

const SENDER_CONSTRAINT_WORDS: Record<SenderConstraint, string> = {
  mtls: 'tokens bound to its certificate (mTLS)',
  dpop: 'DPoP-bound tokens',
};

const MESSAGE_WORDS: Record<FintechProtocol['response'], string> = {
  jarm: 'signed requests and responses (JAR, JARM)',
  hybrid: 'signed requests, ID Token as detached signature',
  plain: 'plain pushed requests, responses checked by their issuer (iss)',
};

/** "FAPI 2.0 · DPoP-bound tokens · signed requests and responses (JAR, JARM)": what the fintech's pages show. */
export function describeProtocol(protocol: FintechProtocol): string {
  return [protocol.standard, SENDER_CONSTRAINT_WORDS[protocol.senderConstraint], MESSAGE_WORDS[protocol.response]].join(' · ');
}
