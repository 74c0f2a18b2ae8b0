import type { RefusalRule } from './refusal-rule';

const consoleRule = (id: string, clause: string, expected: string): RefusalRule => ({ id: `sandbox.console.${id}`, standard: 'Sandbox developer console', clause, expected });

/**
 * The rules the developer console (<issuer>/console, libs/authorization/src/console) lets a TPP in by: only with its own
 * credentials, and never to another client's traffic. Not a standard's clauses: the console is the sandbox's own, its
 * access rules are the README's "Developer console" (clause = its part).
 */
export const CONSOLE_RULES = {
  credentialPresented: consoleRule(
    'credential',
    'access',
    'the request presents a transport certificate the sandbox CA issued that a client registered or was issued tokens for, or the cookie of a login link',
  ),
  clientChosen: consoleRule('client-chosen', 'access', 'a certificate serving several clients names one of them in client_id'),
  loginAssertion: consoleRule(
    'login-assertion',
    'login link',
    'POST /console/login carries a private_key_jwt client assertion of a registered client: iss and sub its client_id, aud the issuer + /console, unexpired, its jti new',
  ),
  loginLinkOnce: consoleRule('login-link', 'login link', 'a login link is opened once, within 10 minutes of its issue'),
} as const satisfies Record<string, RefusalRule>;
