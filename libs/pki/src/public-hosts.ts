import { SERVER_IDENTITIES, type ServerIdentity } from './sandbox-files';

/**
 * The public host names a service's certificate must carry besides its defaults (localhost and its Service name): the
 * hosts of the URLs a deployment publishes it at (infra/k8s/overlays/production/public-urls.env: ISSUER, BANK_URL,
 * TPP_URL). The services trust only the sandbox CA, so a certificate that does not name the host a peer or a browser
 * connects to fails that connection (RFC 9110 §4.3.4, RFC 6125 §6).
 */
export type PublicHosts = Partial<Record<ServerIdentity, readonly string[]>>;

/**
 * A DNS name a certificate may carry as a dNSName (RFC 5280 §4.2.1.6, RFC 1123 §2.1): lowercase labels of letters,
 * digits and inner hyphens, at least two labels. No wildcard: each service has its own host and key.
 */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why `host` cannot be a public host name of a certificate, or undefined when it can. */
function hostNameProblem(host: string): string | undefined {
  if (HOST_NAME.test(host)) return undefined;
  return `${JSON.stringify(host)} is not a lowercase DNS host name of two or more labels (e.g. auth.sandbox.example.com)`;
}

/**
 * Reads `SERVICE=HOST` assignments (`authorization-server=auth.sandbox.example.com`) into the hosts of each service;
 * throws an Error naming the first wrong one.
 */
export function parsePublicHosts(assignments: readonly string[]): PublicHosts {
  const hosts: Partial<Record<ServerIdentity, string[]>> = {};
  for (const assignment of assignments) {
    const [service, host = ''] = assignment.split('=', 2);
    if (!(SERVER_IDENTITIES as readonly string[]).includes(service)) {
      throw new Error(`--host ${assignment}: name the service before "=": ${SERVER_IDENTITIES.join(', ')}`);
    }
    const problem = hostNameProblem(host);
    if (problem) throw new Error(`--host ${assignment}: ${problem}`);
    (hosts[service as ServerIdentity] ??= []).push(host);
  }
  return hosts;
}
