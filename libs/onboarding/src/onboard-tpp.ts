import { generateSigningJwk, issueClientCertificate, loadSandboxCa, publicJwk, readRegistrationToken, type SigningAlg } from '@fapi/pki';
import { assertFolderAvailable, loadOnboardedTpp, writeOnboardedFolder } from './onboarded-folder';
import type { AuthMethod, OnboardedClient, OnboardedTpp, ProfileChoices, RequestObject, ResponseStyle, SenderConstraint } from './onboarded-tpp';
import { registerClient } from './register-client';
import { registrationMetadata } from './registration-metadata';

/** The profile to register with and its choices: FAPI 1.0 Advanced by default; FAPI 2.0 with mTLS and signed requests by default. */
export type ProfileOptions =
  | { profile?: 'fapi1-advanced'; responseStyle: ResponseStyle }
  | { profile: 'fapi2'; senderConstraint?: SenderConstraint; requestObject?: RequestObject };

export type OnboardTppOptions = ProfileOptions & {
  /** The client name; also the CN of its transport certificate. */
  name: string;
  redirectUris: string[];
  authMethod: AuthMethod;
  /** Defaults to PS256. */
  signingAlg?: SigningAlg;
  /** The onboarded folder to write; must not exist yet (or be empty). */
  outDir: string;
  /** The sandbox certs folder: CA, registration token. */
  certsDir: string;
  issuer: string;
  bankUrl: string;
};

/** The choices a profile's client registers, its defaults filled in (FAPI 1.0 Advanced knows only mTLS and JAR). */
export function profileChoices(options: ProfileOptions): ProfileChoices {
  if (options.profile === 'fapi2') {
    return { profile: 'fapi2', senderConstraint: options.senderConstraint ?? 'mtls', requestObject: options.requestObject ?? 'signed' };
  }
  return { profile: 'fapi1-advanced', responseStyle: options.responseStyle, senderConstraint: 'mtls', requestObject: 'signed' };
}

/** Every onboarded TPP's transport certificate carries this organisation. */
export const TPP_ORGANIZATION = 'FAPI Sandbox TPP';
const TRANSPORT_CERTIFICATE_DAYS = 365;

/**
 * The name must read the same in an RFC 4514 DN without escaping, because the AS compares the registered
 * `tls_client_auth_subject_dn` with the DN of the presented certificate as a string.
 */
function assertNameFitsSubjectDn(name: string): void {
  if (!name.trim() || /[,+"\\<>;=\n\r]/.test(name) || /^[\s#]|\s$/.test(name)) {
    throw new Error(`the TPP name "${name}" cannot be registered as a subject DN as is: leave out , + " \\ < > ; =, a leading #, and leading or trailing spaces`);
  }
}

/**
 * Onboards a TPP: issues its transport certificate from the sandbox CA, generates its signing key (and, for a
 * DPoP-bound TPP, the key its DPoP proofs are signed with), registers it at the authorization server over mTLS
 * (dynamic client registration), and only then writes its folder.
 */
export async function onboardTpp(options: OnboardTppOptions): Promise<OnboardedTpp> {
  const signingAlg = options.signingAlg ?? 'PS256';
  const choices = profileChoices(options);
  assertNameFitsSubjectDn(options.name);
  assertFolderAvailable(options.outDir);
  const initialAccessToken = readRegistrationToken(options.certsDir);
  const ca = loadSandboxCa(options.certsDir);

  const transport = {
    ...issueClientCertificate(ca, { commonName: options.name, organization: TPP_ORGANIZATION, validityDays: TRANSPORT_CERTIFICATE_DAYS }),
    caPem: ca.certPem,
  };
  const signingJwk = await generateSigningJwk(signingAlg);
  const publicJwks = { keys: [publicJwk(signingJwk)] };
  const dpopJwk = choices.senderConstraint === 'dpop' ? await generateSigningJwk(signingAlg) : undefined;
  const metadata = registrationMetadata({
    clientName: options.name,
    redirectUris: options.redirectUris,
    authMethod: options.authMethod,
    choices,
    signingAlg,
    publicSigningJwk: publicJwks.keys[0],
    transportCertPem: transport.certPem,
  });
  const clientId = await registerClient({ issuer: options.issuer, initialAccessToken, metadata, transport });

  const client: OnboardedClient = {
    clientId,
    clientName: options.name,
    issuer: options.issuer,
    bankUrl: options.bankUrl,
    redirectUris: options.redirectUris,
    authMethod: options.authMethod,
    ...choices,
    signingAlg,
    signingKid: signingJwk.kid!,
  };
  try {
    writeOnboardedFolder(options.outDir, { client, transport, signingJwk, publicJwks, dpopJwk });
  } catch (error) {
    throw new Error(`registered as client ${clientId}, but could not write ${options.outDir}: ${(error as Error).message}`);
  }
  return loadOnboardedTpp(options.outDir);
}
