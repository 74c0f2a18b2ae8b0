import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import { profileOf } from '../profiles/client-profile';
import { BANK_SCOPES } from './bank-resource';
import { BANK_SCOPES_REFUSED } from './teaching-client-metadata';

/** A request oidc-provider refused, as a teaching refusal recognises it. */
export interface RefusedRequest {
  /** oidc-provider's route name (token, authorization, pushed_authorization_request, device_authorization). */
  route: string;
  /** The OAuth error oidc-provider answered. */
  error: string;
  params: Record<string, unknown>;
  client?: Record<string, unknown>;
}

/** A flow refused on purpose: the error the client gets and a description that teaches why, with the clause. */
export interface RefusedFlow {
  flow: string;
  error: string;
  description: string;
  /** Whether this refusal is the one oidc-provider just answered. */
  refuses(request: RefusedRequest): boolean;
}

const AUTHORIZATION_ROUTES = ['authorization', 'pushed_authorization_request'];
const words = (value: unknown): string[] => (typeof value === 'string' ? value.split(' ') : []);

/**
 * Every flow the sandbox refuses on purpose (issue 9, "refused on purpose, with a teaching error"). oidc-provider refuses
 * each itself, with a generic description; `teachingRefusals` gives the answer this table's description instead, so a
 * student reads why. The error code stays the standard one. README.md "Flows" and the sample fintech's flows page
 * (libs/tpp/src/web/flows-page.ts, another participant, so it names the flows and errors only) list the same flows.
 */
export const TEACHING_REFUSALS = {
  password: {
    flow: 'Resource owner password credentials',
    error: 'unsupported_grant_type',
    description: refusalText(RULES.passwordGrant, 'grant_type is password'),
    refuses: ({ route, error, params }) => route === 'token' && error === 'unsupported_grant_type' && params.grant_type === 'password',
  },
  implicit: {
    flow: 'Implicit (access token or id_token from the authorization endpoint)',
    error: 'unsupported_response_type',
    description: refusalText(RULES.implicitGrant, 'response_type asks for a token from the authorization endpoint'),
    refuses: ({ route, error, params }) =>
      AUTHORIZATION_ROUTES.includes(route) &&
      error === 'unsupported_response_type' &&
      (words(params.response_type).includes('token') || params.response_type === 'id_token'),
  },
  bankScopes: {
    flow: 'A teaching client asking for the bank’s scopes',
    error: 'invalid_scope',
    description: BANK_SCOPES_REFUSED,
    refuses: ({ error, params, client }) =>
      ['invalid_scope', 'invalid_target'].includes(error) &&
      !profileOf(client).mayHoldBankTokens &&
      (words(params.scope).some((scope) => BANK_SCOPES.includes(scope)) || params.resource !== undefined),
  },
} satisfies Record<string, RefusedFlow>;

/** The teaching description of the error oidc-provider answered to this request, if it is a refused flow. */
function teachingDescription(ctx: KoaContextWithOIDC, error: unknown): string | undefined {
  const { route, params, client } = ctx.oidc ?? {};
  if (typeof error !== 'string' || !route || !params) return undefined;
  const request: RefusedRequest = { route, error, params: params as Record<string, unknown>, client: client as unknown as Record<string, unknown> };
  return Object.values(TEACHING_REFUSALS).find((refusal: RefusedFlow) => refusal.refuses(request))?.description;
}

/** An error (a JSON body, or what renderError shows) with the teaching description when it is a refused flow. */
export function withTeachingDescription<T extends Record<string, unknown>>(ctx: KoaContextWithOIDC, out: T): T {
  const description = teachingDescription(ctx, out.error);
  return description ? { ...out, error_description: description } : out;
}

/** The same for an error sent back to the client's redirect_uri, in its query or its fragment. */
function teachingRedirect(ctx: KoaContextWithOIDC, location: string): string | undefined {
  const url = URL.parse(location);
  if (!url) return undefined;
  for (const part of ['search', 'hash'] as const) {
    const fields = new URLSearchParams(url[part].slice(1));
    const description = teachingDescription(ctx, fields.get('error'));
    if (!description) continue;
    fields.set('error_description', description);
    url[part] = fields.toString();
    return url.href;
  }
  return undefined;
}

/**
 * Answers the refused flows above with their teaching description, whichever way oidc-provider answered: a JSON error
 * (token, PAR, device authorization) or a redirect to the client (authorization endpoint). Its error pages get it
 * through renderError (withTeachingDescription).
 */
export function teachingRefusals(provider: Provider): void {
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && !Buffer.isBuffer(body) && typeof body.error === 'string') {
      ctx.body = withTeachingDescription(ctx as KoaContextWithOIDC, body);
      return;
    }
    const location = ctx.status >= 300 && ctx.status < 400 ? ctx.response.get('location') : '';
    const taught = location && teachingRedirect(ctx as KoaContextWithOIDC, location);
    if (taught) ctx.set('location', taught);
  });
}
