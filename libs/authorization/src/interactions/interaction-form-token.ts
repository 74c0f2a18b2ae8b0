import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { crossSiteFormPost, FORM_TOKEN_FIELD, formTokenMatches } from '@fapi/web-pages';
import { InteractionProblem } from './interaction-problem';

/**
 * Login and consent forms can only be posted from the page the AS served for that interaction (OWASP CSRF
 * prevention: a synchronizer token, plus the Origin and Fetch Metadata check). The token is an HMAC of the
 * interaction's uid under a key derived from the provider's cookie key, so every instance makes and accepts the same
 * one and none needs storing; a forged form from another site knows neither. oidc-provider's interaction cookie
 * (SameSite=Lax, scoped to /interaction/<uid>) already keeps most cross-site posts out; this does not rely on it.
 */
export class InteractionFormTokens {
  /** A KeyObject: Node 24 makes an HMAC from a Buffer key ~7× slower (../provider/cookie-signatures.ts). */
  private readonly key: KeyObject;

  constructor(
    cookieKey: string,
    private readonly ownOrigin: string,
  ) {
    this.key = createSecretKey(Buffer.from(hkdfSync('sha256', cookieKey, 'fapi-sandbox-authorization-server', 'interaction form tokens', 32)));
  }

  tokenFor(uid: string): string {
    return createHmac('sha256', this.key).update(uid).digest('base64url');
  }

  /** Before the body is read: a form posted from another site. RFC 9110 §15.5.4 403. */
  refuseCrossSite(req: IncomingMessage): void {
    const crossSite = crossSiteFormPost(req.headers, this.ownOrigin);
    if (crossSite) throw forged(`This form did not come from your bank's page: ${crossSite}.`);
  }

  /** After: a form without the token of its interaction. */
  refuseWithoutToken(form: URLSearchParams, uid: string): void {
    if (!formTokenMatches(form.get(FORM_TOKEN_FIELD), this.tokenFor(uid))) throw forged("This form did not come from your bank's page: its form token is missing or wrong.");
  }
}

const forged = (why: string) => new InteractionProblem(403, `${why} Nothing was done. Return to the app and start again.`);
