import type { AuthorizationServerEndpoints } from '../diagnosis-context';
import { passed, problem } from '../finding';
import type { DiagnosticCheck } from './diagnostic-check';
import { unreachable } from './unreachable';

const ENDPOINTS: Array<keyof AuthorizationServerEndpoints> = ['issuer', 'authorization_endpoint', 'token_endpoint', 'pushed_authorization_request_endpoint'];

// OpenID Connect Discovery 1.0 4 and RFC 8414 3: the issuer's metadata at /.well-known/openid-configuration names
// the issuer itself and the endpoints the TPP calls, over TLS the folder's ca.pem must verify.
export const authorizationServerReachable: DiagnosticCheck = {
  id: 'authorization-server',
  title: 'the authorization server answers',
  needs: ['folder'],
  async run(context) {
    const { issuer } = context.onboarded;
    const url = `${issuer}/.well-known/openid-configuration`;
    let reached;
    try {
      reached = await context.reach(url);
    } catch (error) {
      return unreachable('the authorization server', error);
    }
    const discovery = reached.answer.json;
    const missing = ENDPOINTS.find((name) => typeof discovery[name] !== 'string');
    if (reached.answer.status !== 200 || missing) {
      return problem(`${url} answered HTTP ${reached.answer.status} without the discovery document of an authorization server`, 'check issuer in client.json: it is the sandbox\'s issuer (npm start prints it)');
    }
    if (discovery.issuer !== issuer) {
      return problem(`${url} names the issuer ${String(discovery.issuer)}, not client.json's ${issuer}`, 'set issuer in client.json to the sandbox\'s issuer, or onboard again');
    }
    context.authorizationServer = { ...reached, endpoints: discovery as unknown as AuthorizationServerEndpoints };
    return passed(`the authorization server answers at ${issuer} (TLS verified with ca.pem)`);
  },
};
