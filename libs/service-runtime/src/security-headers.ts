import helmet from 'helmet';
import { SERVICE_CSP } from '@fapi/web-pages';

/** SERVICE_CSP as helmet's directives ({ 'default-src': ["'none'"], ... }). */
const directives = Object.fromEntries(
  SERVICE_CSP.split(';').map((directive) => {
    const [name, ...values] = directive.trim().split(/\s+/);
    return [name, values];
  }),
);

/**
 * The headers every response of every service carries (helmet), so that no page or error of any framework goes out
 * without them: HSTS (RFC 6797; FAPI 1.0 Advanced 8.5 asks for TLS everywhere), no `X-Powered-By`, SERVICE_CSP (no
 * inline script, `frame-ancestors 'none'`) with `X-Frame-Options: DENY` for older browsers, `nosniff`, no referrer.
 * A page that needs its own policy sets it after (@fapi/web-pages' pageHeaders).
 */
export const securityHeaders = () =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
