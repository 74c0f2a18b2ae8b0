import type { Party, StepKind } from './journey-record';

/** What the classifier reads of an exchange. */
export interface ExchangeShape {
  method: string;
  /** The URL's path. */
  path: string;
  /** Whom it went to: the bank (its URL's origin) or the authorization server (any other). */
  to: Extract<Party, 'as' | 'bank'>;
  /** The form fields sent (AS endpoints). */
  form: URLSearchParams;
}

/** Which step an exchange is: the first matching row wins, else 'other'. */
const EXCHANGE_KINDS: Array<{ kind: StepKind; matches: (exchange: ExchangeShape) => boolean }> = [
  { kind: 'discovery', matches: ({ to, path }) => to === 'as' && path.endsWith('/.well-known/openid-configuration') },
  { kind: 'as-keys', matches: ({ to, method, path }) => to === 'as' && method === 'GET' && path.endsWith('/jwks') },
  { kind: 'bank-keys', matches: ({ to, method, path }) => to === 'bank' && method === 'GET' && path.endsWith('/jwks') },
  { kind: 'client-credentials', matches: ({ to, form }) => to === 'as' && form.get('grant_type') === 'client_credentials' },
  { kind: 'code-exchange', matches: ({ to, form }) => to === 'as' && form.get('grant_type') === 'authorization_code' },
  { kind: 'par', matches: ({ to, method, form }) => to === 'as' && method === 'POST' && (form.has('request') || form.has('response_type')) },
  { kind: 'account-access-consent', matches: ({ to, method, path }) => to === 'bank' && method === 'POST' && path.endsWith('/account-access-consents') },
  { kind: 'consent-deletion', matches: ({ to, method, path }) => to === 'bank' && method === 'DELETE' && path.includes('/account-access-consents/') },
  { kind: 'payment-consent', matches: ({ to, method, path }) => to === 'bank' && method === 'POST' && path.endsWith('/domestic-payment-consents') },
  { kind: 'payment-submission', matches: ({ to, method, path }) => to === 'bank' && method === 'POST' && path.endsWith('/domestic-payments') },
  { kind: 'payment-read', matches: ({ to, method, path }) => to === 'bank' && method === 'GET' && path.includes('/pisp/') },
  { kind: 'account-read', matches: ({ to, method, path }) => to === 'bank' && method === 'GET' && path.includes('/aisp/') },
];

export function exchangeKind(exchange: ExchangeShape): StepKind {
  return EXCHANGE_KINDS.find((row) => row.matches(exchange))?.kind ?? 'other';
}
