import { passed, problem } from '../finding';
import type { DiagnosticCheck } from './diagnostic-check';

/**
 * RFC 6749 4.1.2.1: the authorization endpoint tells an unknown client_id apart from any other error (invalid_client,
 * on its error page: it cannot redirect to a client it does not know). It needs no credentials, so it separates "this
 * client no longer exists" (a sandbox whose data was reset) from "its credentials are wrong", which the token
 * endpoint answers alike (invalid_client).
 */
export const clientRegistered: DiagnosticCheck = {
  id: 'client-registered',
  title: 'the client is registered',
  needs: ['authorization-server'],
  async run(context) {
    const { clientId, issuer } = context.onboarded;
    const url = new URL(context.endpoints.authorization_endpoint);
    url.searchParams.set('client_id', clientId);
    const answer = await context.send(url.href);
    if (answer.status === 400 && /\binvalid_client\b/.test(answer.text)) {
      return problem(
        `client ${clientId} is not registered at ${issuer}: the sandbox's data was reset, or this folder was onboarded at another sandbox`,
        'onboard again (npm run onboard)',
      );
    }
    return passed(`client ${clientId} is registered at ${issuer}`);
  },
};
