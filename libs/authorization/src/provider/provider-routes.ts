/**
 * oidc-provider's endpoints (its default `routes`, which createFapiProvider keeps), as the route label of the HTTP
 * metrics: oidc-provider answers them outside Nest's router, which labels only its own routes. A client id or an
 * interaction uid in a path becomes a parameter, so that no label carries one.
 */
const STATIC_ROUTES = new Set([
  '/.well-known/openid-configuration',
  '/auth',
  '/request',
  '/token',
  '/token/introspection',
  '/token/revocation',
  '/me',
  '/jwks',
  '/reg',
  '/session/end',
  '/session/end/confirm',
  '/session/end/success',
  '/device',
  '/device/auth',
]);
const PARAMETERISED_ROUTES: [RegExp, string][] = [
  [/^\/reg\/[^/]+$/, '/reg/:clientId'],
  [/^\/auth\/[^/]+$/, '/auth/:uid'],
  [/^\/device\/[^/]+\/?$/, '/device/:uid'],
];

export function providerRouteOf(path: string): string | undefined {
  if (STATIC_ROUTES.has(path)) return path;
  return PARAMETERISED_ROUTES.find(([pattern]) => pattern.test(path))?.[1];
}
