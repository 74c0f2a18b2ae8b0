import path from 'node:path';
import { readCommandLine, UsageError } from '@fapi/command-line';
import { SIGNING_ALGS, type SigningAlg } from '@fapi/pki';
import type { OnboardTeachingClientOptions, OnboardTppOptions, ProfileOptions } from '../onboard-tpp';
import {
  AUTH_METHODS,
  type AuthMethod,
  CLIENT_PROFILE_NAMES,
  type ClientProfileName,
  REQUEST_OBJECTS,
  type RequestObject,
  RESPONSE_STYLES,
  type ResponseStyle,
  SENDER_CONSTRAINTS,
  type SenderConstraint,
  TEACHING_AUTH_METHODS,
  type TeachingAuthMethod,
} from '../onboarded-tpp';

export const USAGE = `usage: npm run onboard -- --name NAME --redirect-uri URL [--redirect-uri URL ...]
         [--profile fapi1-advanced|fapi2|teaching] --auth-method private_key_jwt|tls_client_auth|none
         fapi1-advanced: --response-style jarm|hybrid
         fapi2:          [--sender-constraint mtls|dpop] [--request-object signed|unsigned]
         [--alg PS256|ES256] [--out DIR] [--certs DIR] [--issuer URL] [--bank URL] [--if-absent]

  --profile            FAPI 1.0 Advanced (default), FAPI 2.0 (Security Profile with Message Signing), or a teaching
                       client: OAuth 2.0 / OpenID Connect flows (code + PKCE, device, client credentials), identity
                       scopes only, never the bank's
  --auth-method        none (a public client) is for teaching clients only
  --response-style     fapi1-advanced: JARM (code + response_mode=jwt) or hybrid (code id_token)
  --sender-constraint  fapi2: access tokens bound to the transport certificate (mtls, default) or to a DPoP key
  --request-object     fapi2: signed request objects pushed to PAR (signed, default) or plain parameters (unsigned)
  --alg        the signing key's (default PS256); a teaching client has one with private_key_jwt only
  --out        the onboarded folder to write (default onboarded/<name as a slug>)
  --certs      the sandbox certs folder (default $CERTS_DIR, else certs/out)
  --issuer     the authorization server (default $ISSUER, else https://localhost:8443)
  --bank       the bank (default $BANK_URL, else https://localhost:8444)
  --if-absent  do nothing when --out already holds an onboarded TPP`;

export interface OnboardDefaults {
  certsDir: string;
  issuer: string;
  bankUrl: string;
  /** Where `onboarded/<slug>` lives when --out is not given. */
  onboardedRoot: string;
}

export type OnboardCommand = { help: true } | { help: false; ifAbsent: boolean; options: OnboardTppOptions | OnboardTeachingClientOptions };

/** "Acme Budgeting" → "acme-budgeting" (accents dropped). */
export const slugOf = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T {
  if (value === undefined) throw new UsageError(`--${option} is required (${allowed.join(' or ')})`);
  if (!allowed.includes(value as T)) throw new UsageError(`--${option} must be ${allowed.join(' or ')}, not "${value}"`);
  return value as T;
}

/** FAPI 1.0 Advanced: redirect URIs use https; a fragment cannot carry the response. */
function redirectUri(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--redirect-uri "${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:') throw new UsageError(`--redirect-uri "${value}" must use https`);
  if (url.hash) throw new UsageError(`--redirect-uri "${value}" must not have a fragment`);
  return value;
}

function httpsUrl(option: string, value: string): string {
  if (!URL.canParse(value) || new URL(value).protocol !== 'https:') throw new UsageError(`--${option} "${value}" must be an https URL`);
  return value;
}

/** The options that apply to one profile only, each with the profile it belongs to. */
const PROFILE_ONLY_OPTIONS = { 'response-style': 'fapi1-advanced', 'sender-constraint': 'fapi2', 'request-object': 'fapi2' } as const;

/**
 * The profile and its choices: --response-style is FAPI 1.0 Advanced's (and required there), --sender-constraint and
 * --request-object are FAPI 2.0's (defaults mtls and signed); a teaching client has none of them. An option of another
 * profile is a usage error.
 */
function profileOptionsOf(values: Partial<Record<'profile' | keyof typeof PROFILE_ONLY_OPTIONS, string>>): ProfileOptions | { profile: 'teaching' } {
  const profile = oneOf<ClientProfileName>('profile', values.profile ?? 'fapi1-advanced', CLIENT_PROFILE_NAMES);
  for (const [option, owner] of Object.entries(PROFILE_ONLY_OPTIONS)) {
    if (owner !== profile && values[option as keyof typeof PROFILE_ONLY_OPTIONS] !== undefined) {
      throw new UsageError(`--${option} applies to --profile ${owner} only, not ${profile}`);
    }
  }
  if (profile === 'teaching') return { profile };
  if (profile === 'fapi1-advanced') {
    return { profile, responseStyle: oneOf<ResponseStyle>('response-style', values['response-style'], RESPONSE_STYLES) };
  }
  return {
    profile,
    senderConstraint: oneOf<SenderConstraint>('sender-constraint', values['sender-constraint'] ?? 'mtls', SENDER_CONSTRAINTS),
    requestObject: oneOf<RequestObject>('request-object', values['request-object'] ?? 'signed', REQUEST_OBJECTS),
  };
}

/** Reads the `onboard` command line (node:util parseArgs), filling what is left out from the sandbox defaults. */
export function parseOnboardArguments(argv: string[], defaults: OnboardDefaults): OnboardCommand {
  const { values } = readCommandLine({
    args: argv,
    options: {
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'auth-method': { type: 'string' },
      profile: { type: 'string' },
      'response-style': { type: 'string' },
      'sender-constraint': { type: 'string' },
      'request-object': { type: 'string' },
      alg: { type: 'string' },
      out: { type: 'string' },
      certs: { type: 'string' },
      issuer: { type: 'string' },
      bank: { type: 'string' },
      'if-absent': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };

  const name = values.name?.trim();
  if (!name) throw new UsageError('--name is required');
  const redirectUris = (values['redirect-uri'] ?? []).map(redirectUri);
  if (redirectUris.length === 0) throw new UsageError('at least one --redirect-uri is required');
  const profileOptions = profileOptionsOf(values);
  const signingAlg = oneOf<SigningAlg>('alg', values.alg ?? 'PS256', SIGNING_ALGS);
  if (!values.out && !slugOf(name)) throw new UsageError(`--out is required: "${name}" gives no folder name`);
  const target = {
    name,
    redirectUris,
    outDir: path.resolve(values.out ?? path.join(defaults.onboardedRoot, slugOf(name))),
    certsDir: path.resolve(values.certs ?? defaults.certsDir),
    issuer: httpsUrl('issuer', values.issuer ?? defaults.issuer),
    bankUrl: httpsUrl('bank', values.bank ?? defaults.bankUrl),
  };
  const command = { help: false, ifAbsent: values['if-absent'] ?? false } as const;

  if (profileOptions.profile === 'teaching') {
    const authMethod = oneOf<TeachingAuthMethod>('auth-method', values['auth-method'], TEACHING_AUTH_METHODS);
    // Only a private_key_jwt client has a signing key: a public client signs nothing, a tls_client_auth one is its certificate.
    if (authMethod !== 'private_key_jwt' && values.alg !== undefined) {
      throw new UsageError(`--alg applies to a teaching client with --auth-method private_key_jwt only, not ${authMethod}`);
    }
    return { ...command, options: { ...target, profile: 'teaching', authMethod, ...(authMethod === 'private_key_jwt' && { signingAlg }) } };
  }
  const authMethod = oneOf<AuthMethod>('auth-method', values['auth-method'], AUTH_METHODS);
  return { ...command, options: { ...target, authMethod, ...profileOptions, signingAlg } };
}
