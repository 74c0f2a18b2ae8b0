import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import { profileOf } from '../profiles/client-profile';
import { BANK_SCOPES } from './bank-resource';
import { PROVIDER_REFUSALS } from './provider-refusals';
import { BANK_SCOPES_REFUSED } from './teaching-client-metadata';

/** A request oidc-provider refused, as a re-worded refusal recognises it. */
export interface RefusedRequest {
  /** oidc-provider's route name (token, authorization, pushed_authorization_request, device_authorization). */
  route: string;
  /** The OAuth error oidc-provider answered. */
  error: string;
  /** oidc-provider's error_description, as it answered it. */
  description?: string;
  /** oidc-provider's error_detail: why, in its words, where the description is generic (never sent to the client). */
  detail?: string;
  params: Record<string, unknown>;
  client?: Record<string, unknown>;
}

/** A refusal of oidc-provider's we answer in our words: its error code stays, its description names the rule. */
export interface RewordedRefusal {
  error: string;
  /** Whether this refusal is the one oidc-provider just answered. */
  refuses(request: RefusedRequest): boolean;
  /** The error_description naming the rule (refusalText), with what was received. */
  description: string | ((request: RefusedRequest) => string);
}

/** A flow refused on purpose: the error the client gets and a description that teaches why, with the clause. */
export interface RefusedFlow extends RewordedRefusal {
  flow: string;
  description: string;
}

const AUTHORIZATION_ROUTES = ['authorization', 'pushed_authorization_request'];
const words = (value: unknown): string[] => (typeof value === 'string' ? value.split(' ') : []);

/**
 * Every flow the sandbox refuses on purpose (issue 9, "refused on purpose, with a teaching error"). oidc-provider refuses
 * each itself, with a generic description; `rewordRefusals` gives the answer this table's description instead, so a
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

/** One table of the refusals we re-word: the flows refused on purpose and oidc-provider's own refusals. */
const REWORDED_REFUSALS: RewordedRefusal[] = [...Object.values(TEACHING_REFUSALS), ...Object.values(PROVIDER_REFUSALS)];

/** oidc-provider's error_detail of the refusal it answered to a request, kept from its error events until answered. */
const refusalDetails = new WeakMap<object, string>();
/** The events oidc-provider emits with the error it answered, before the answer leaves (shared/*error_handler.js). */
const REFUSAL_EVENTS = ['authorization.error', 'pushed_authorization_request.error', 'grant.error', 'device_authorization.error'];

/** Our description of the error oidc-provider answered to this request, if it is one we re-word. */
function rewordedDescription(ctx: KoaContextWithOIDC, out: Record<string, unknown>, detail = refusalDetails.get(ctx)): string | undefined {
  const { route, params, client } = ctx.oidc ?? {};
  const { error, error_description: description } = out;
  if (typeof error !== 'string' || !route || !params) return undefined;
  const request: RefusedRequest = {
    route,
    error,
    description: typeof description === 'string' ? description : undefined,
    detail,
    params: params as Record<string, unknown>,
    client: client as unknown as Record<string, unknown>,
  };
  const refusal = REWORDED_REFUSALS.find((candidate) => candidate.refuses(request));
  return typeof refusal?.description === 'function' ? refusal.description(request) : refusal?.description;
}

/**
 * An error (a JSON body, or what renderError shows) with our description when it is a refusal we re-word. renderError
 * passes the error's detail itself: it runs before oidc-provider emits the error event.
 */
export function withRuleDescription<T extends Record<string, unknown>>(ctx: KoaContextWithOIDC, out: T, detail?: string): T {
  const description = rewordedDescription(ctx, out, detail);
  return description ? { ...out, error_description: description } : out;
}

/** The same for an error sent back to the client's redirect_uri, in its query or its fragment. */
function rewordedRedirect(ctx: KoaContextWithOIDC, location: string): string | undefined {
  const url = URL.parse(location);
  if (!url) return undefined;
  for (const part of ['search', 'hash'] as const) {
    const fields = new URLSearchParams(url[part].slice(1));
    const description = rewordedDescription(ctx, { error: fields.get('error'), error_description: fields.get('error_description') });
    if (!description) continue;
    fields.set('error_description', description);
    url[part] = fields.toString();
    return url.href;
  }
  return undefined;
}

/**
 * Answers the refusals we re-word (the refused flows above, PROVIDER_REFUSALS) with our description, whichever way
 * oidc-provider answered: a JSON error (token, PAR, device authorization) or a redirect to the client (authorization
 * endpoint). Its error pages get it through renderError (withRuleDescription).
 */
export function rewordRefusals(provider: Provider): void {
  for (const event of REFUSAL_EVENTS) {
    provider.on(event, (ctx: unknown, error: unknown) => {
      const detail = (error as { error_detail?: unknown } | undefined)?.error_detail;
      if (typeof detail === 'string') refusalDetails.set(ctx as object, detail);
    });
  }
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && !Buffer.isBuffer(body) && typeof body.error === 'string') {
      ctx.body = withRuleDescription(ctx as KoaContextWithOIDC, body);
      return;
    }
    const location = ctx.status >= 300 && ctx.status < 400 ? ctx.response.get('location') : '';
    const reworded = location && rewordedRedirect(ctx as KoaContextWithOIDC, location);
    if (reworded) ctx.set('location', reworded);
  });
}
