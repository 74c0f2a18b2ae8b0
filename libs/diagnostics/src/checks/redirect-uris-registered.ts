import { acceptedUpToTheConsent, answerInWords, pushAuthorizationRequest, refusedTheRedirectUri } from '../client-requests';
import { passed, problem, type Outcome } from '../finding';
import type { DiagnosticCheck } from './diagnostic-check';

/**
 * RFC 6749 3.1.2.2 / FAPI 1.0 Advanced 5.2.2-8: the redirect_uri of an authorization request is one the client
 * registered, compared exactly. PAR (RFC 9126 2.1) checks it before the consent the request names: a pushed request
 * refused for its consent (the probes name none) got past the redirect URI.
 */
export const redirectUrisRegistered: DiagnosticCheck = {
  id: 'redirect-uris',
  title: "client.json's redirect URIs are registered",
  needs: ['signing-key'],
  async run(context) {
    const tpp = context.onboarded;
    const outcomes: Outcome[] = [];
    for (const redirectUri of tpp.redirectUris) {
      const answer = await pushAuthorizationRequest(context, redirectUri);
      if (acceptedUpToTheConsent(answer)) {
        outcomes.push(passed(`redirect URI ${redirectUri} is registered for client ${tpp.clientId}`));
      } else if (refusedTheRedirectUri(answer)) {
        outcomes.push(
          problem(
            `redirect URI ${redirectUri} (client.json) is not registered for client ${tpp.clientId}: PAR answered ${answerInWords(answer)}`,
            `use the redirect URIs you onboarded with, or onboard again with --redirect-uri ${redirectUri}`,
          ),
        );
      } else {
        outcomes.push(problem(`PAR with redirect URI ${redirectUri} answered ${answerInWords(answer)}`, 'read the error_description above; the README "Onboard your own TPP" says what the AS expects'));
      }
    }
    return outcomes;
  },
};
