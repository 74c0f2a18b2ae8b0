import { acceptedUpToTheConsent, answerInWords, pushAuthorizationRequest, refusedTheRedirectUri } from '../client-requests';
import { passed, problem } from '../finding';
import type { DiagnosticCheck } from './diagnostic-check';

/**
 * RFC 9101 6.2 / RFC 9126 2.1: the AS verifies a request object with the client's registered JWKS before anything
 * else in it (invalid_request_object when it cannot). A pushed request signed with signing.jwk.json shows whether the
 * key the TPP signs request objects and payment bodies (x-jws-signature) with is the one registered, whatever its
 * authentication method: a refusal for what comes after the request object (its redirect URI, its consent) means the
 * signature verified.
 */
export const signingKeyRegistered: DiagnosticCheck = {
  id: 'signing-key',
  title: "signing.jwk.json is in the client's registered JWKS",
  needs: ['client-authentication'],
  async run(context) {
    const tpp = context.onboarded;
    const answer = await pushAuthorizationRequest(context, tpp.redirectUris[0], true);
    if (answer.json.error === 'invalid_request_object') {
      return problem(
        `signing key ${tpp.signingKid} (signing.jwk.json) is not in client ${tpp.clientId}'s registered JWKS: PAR refused a request object signed with it (${answerInWords(answer)})`,
        'restore the signing.jwk.json onboarding wrote (its public half is jwks.json), or onboard again (npm run onboard)',
      );
    }
    if (answer.json.error === 'invalid_client') {
      return problem(`PAR refused client ${tpp.clientId}'s authentication (${answerInWords(answer)}), which the token endpoint accepted`, 'run diagnose again; if it persists, report this answer: the sandbox authenticates alike at both');
    }
    if (!acceptedUpToTheConsent(answer) && !refusedTheRedirectUri(answer)) {
      return problem(`PAR refused a request object of client ${tpp.clientId} signed with signing.jwk.json: ${answerInWords(answer)}`, 'read the error_description above; the README "Onboard your own TPP" says what the AS expects');
    }
    return passed(`signing key ${tpp.signingKid} is in client ${tpp.clientId}'s registered JWKS (PAR verified a request object signed with it)`);
  },
};
