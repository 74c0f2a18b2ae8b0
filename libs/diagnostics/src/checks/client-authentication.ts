import { subjectDn } from '@fapi/pki';
import { answerInWords, postAsTpp } from '../client-requests';
import { passed, problem } from '../finding';
import type { DiagnosticCheck } from './diagnostic-check';

const ONBOARD_AGAIN = 'or onboard again (npm run onboard)';

/**
 * FAPI 1.0 Advanced 5.2.2-14 / FAPI 2.0 5.3.2.1-6: the client authenticates with its certificate (RFC 8705
 * tls_client_auth: the registered tls_client_auth_subject_dn) or a private_key_jwt assertion (RFC 7523: a key of its
 * registered JWKS). A client_credentials request, as the TPP makes before creating a consent, tries exactly that.
 */
export const clientAuthentication: DiagnosticCheck = {
  id: 'client-authentication',
  title: 'the token endpoint authenticates the client',
  needs: ['client-registered', 'clock', 'transport-certificate-dates', 'transport-certificate-issuer'],
  async run(context) {
    const tpp = context.onboarded;
    const answer = await postAsTpp(context, context.endpoints.token_endpoint, { grant_type: 'client_credentials', scope: 'accounts' });
    const byCertificate = tpp.authMethod === 'tls_client_auth';
    const dn = subjectDn(tpp.transport.certPem);
    if (answer.status === 200) {
      return passed(
        byCertificate
          ? `the token endpoint authenticated client ${tpp.clientId} by transport.pem (tls_client_auth, ${dn})`
          : `the token endpoint authenticated client ${tpp.clientId} by an assertion signed with signing.jwk.json (private_key_jwt, kid ${tpp.signingKid})`,
      );
    }
    if (answer.json.error === 'invalid_client' && byCertificate) {
      return problem(
        `the token endpoint refused transport.pem as client ${tpp.clientId}'s certificate: its subject ${dn} is not the registered tls_client_auth_subject_dn`,
        `use the transport.pem and transport.key onboarding wrote, ${ONBOARD_AGAIN}`,
      );
    }
    if (answer.json.error === 'invalid_client') {
      return problem(
        `signing key ${tpp.signingKid} (signing.jwk.json) is not in client ${tpp.clientId}'s registered JWKS: the token endpoint refused an assertion signed with it`,
        `restore the signing.jwk.json onboarding wrote (its public half is jwks.json), ${ONBOARD_AGAIN}`,
      );
    }
    return problem(`the token endpoint refused a client_credentials request of client ${tpp.clientId}: ${answerInWords(answer)}`, 'read the error_description above; the README "Onboard your own TPP" says what the AS expects');
  },
};
