import type { IncomingMessage, ServerResponse } from 'node:http';
import { AUTHORIZATION_SERVER_RULES, refusalText } from '@fapi/refusal-catalogue';
import { OPERATIONS_PATHS } from '@fapi/service-runtime';

// RFC 9110 7.4 and 15.5.20: a request whose target names another authority than the configured issuer's was
// misdirected (by accident or to forge URLs), so it is refused with 421 Misdirected Request before oidc-provider sees
// it. oidc-provider builds its URLs from the request (Koa's ctx.href: the Host header, or an absolute-form target), so
// a forged Host would otherwise make discovery announce, and client assertions be accepted for, another server's
// endpoints. Only the issuer's own form is served (OIDC Discovery 4.3: the issuer is compared exactly): not
// 127.0.0.1 for https://localhost, which is the same socket but another origin. The body is OAuth's JSON error.
// Health and metrics (OPERATIONS_PATHS, by path only: never an absolute-form target) answer any host: Kubernetes'
// probes and Prometheus address a pod by its IP, and those answers carry no URL built from the request.
export function configuredHostOnly(issuer: string) {
  const configured = new URL(issuer);
  const defaultPort = configured.protocol === 'https:' ? '443' : '80';
  const acceptedHosts = new Set([configured.host, ...(configured.port === '' ? [`${configured.hostname}:${defaultPort}`] : [])]);
  const body = JSON.stringify({
    error: 'invalid_request',
    error_description: refusalText(AUTHORIZATION_SERVER_RULES.configuredHost, `the request names another host than ${configured.host}`),
  });

  const isConfiguredAuthority = (req: IncomingMessage): boolean => {
    if (!acceptedHosts.has(req.headers.host?.toLowerCase() ?? '')) return false;
    // RFC 9112 3.2.2: an absolute-form target's authority takes precedence over Host.
    const absolute = req.url?.startsWith('/') ? undefined : URL.parse(req.url ?? '');
    return !absolute || absolute.origin === configured.origin;
  };

  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (OPERATIONS_PATHS.test(req.url ?? '') || isConfiguredAuthority(req)) return next();
    res.writeHead(421, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  };
}
