import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { SERVICE_CSP } from '@fapi/web-pages';

/** SERVICE_CSP as helmet's directives ({ 'default-src': ["'none'"], ... }). */
const directives = Object.fromEntries(
  SERVICE_CSP.split(';').map((directive) => {
    const [name, ...values] = directive.trim().split(/\s+/);
    return [name, values];
  }),
);

/** What helmet does to every response with our options: the headers it sets, and those it removes (X-Powered-By). */
function helmetsHeaders(): { set: Array<[string, string]>; removed: string[] } {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => void set.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let done = false;
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  })({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('helmet did not set its headers at once');
  return { set, removed };
}

/**
 * The headers every response of every service carries (helmet), so that no page or error of any framework goes out
 * without them: HSTS (RFC 6797; FAPI 1.0 Advanced 8.5 asks for TLS everywhere), no `X-Powered-By`, SERVICE_CSP (no
 * inline script, `frame-ancestors 'none'`) with `X-Frame-Options: DENY` for older browsers, `nosniff`, no referrer.
 * None depends on the request, so helmet works them out once and each response gets the same (helmet per request was
 * ~1 % of a token grant, issue 11). A page that needs its own policy sets it after (@fapi/web-pages' pageHeaders).
 */
export function securityHeaders() {
  const { set, removed } = helmetsHeaders();
  return (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
