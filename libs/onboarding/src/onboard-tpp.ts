import { generateSigningJwk, issueClientCertificate, loadSandboxCa, publicJwk, readRegistrationToken, type SigningAlg } from '@fapi/pki';
import { assertFolderAvailable, loadOnboardedTeachingClient, loadOnboardedTpp, writeOnboardedFolder } from './onboarded-folder';
import type {
  AuthMethod,
  OnboardedClient,
  OnboardedTeachingClient,
  OnboardedTeachingClientJson,
  OnboardedTpp,
  ProfileChoices,
  RequestObject,
  ResponseStyle,
  SenderConstraint,
  TeachingAuthMethod,
} from './onboarded-tpp';
import { registerClient } from './register-client';
import { registrationMetadata } from './registration-metadata';

/** The profile to register with and its choices: FAPI 1.0 Advanced by default; FAPI 2.0 with mTLS and signed requests by default. */
export type ProfileOptions =
  | { profile?: 'fapi1-advanced'; responseStyle: ResponseStyle }
  | { profile: 'fapi2'; senderConstraint?: SenderConstraint; requestObject?: RequestObject };

/** What every onboarded client gives: who it is and where the sandbox is. */
interface OnboardingTarget {
  /** The client name; also the CN of its transport certificate. */
  name: string;
  redirectUris: string[];
  /** Defaults to PS256. */
  signingAlg?: SigningAlg;
  /** The onboarded folder to write; must not exist yet (or be empty). */
  outDir: string;
  /** The sandbox certs folder: CA, registration token. */
  certsDir: string;
  issuer: string;
  bankUrl: string;
}

export type OnboardTppOptions = ProfileOptions & OnboardingTarget & { authMethod: AuthMethod };

/** A teaching client (issue 9): public (`none`) or confidential; `signingAlg` is its private_key_jwt key's. */
export type OnboardTeachingClientOptions = OnboardingTarget & { profile: 'teaching'; authMethod: TeachingAuthMethod };

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

/** What both kinds of onboarding do first: check the name and the folder, read the sandbox's CA and token, issue the transport certificate. */
function prepareOnboarding(options: OnboardingTarget) {
  assertNameFitsSubjectDn(options.name);
  assertFolderAvailable(options.outDir);
  const initialAccessToken = readRegistrationToken(options.certsDir);
  const ca = loadSandboxCa(options.certsDir);
  const transport = {
    ...issueClientCertificate(ca, { commonName: options.name, organization: TPP_ORGANIZATION, validityDays: TRANSPORT_CERTIFICATE_DAYS }),
    caPem: ca.certPem,
  };
  return { initialAccessToken, transport };
}

/** The AS already holds the client when the folder cannot be written: the error names its client_id. */
function writeRegisteredFolder(outDir: string, clientId: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw new Error(`registered as client ${clientId}, but could not write ${outDir}: ${(error as Error).message}`);
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
  const { initialAccessToken, transport } = prepareOnboarding(options);
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
  writeRegisteredFolder(options.outDir, clientId, () => writeOnboardedFolder(options.outDir, { client, transport, signingJwk, publicJwks, dpopJwk }));
  return loadOnboardedTpp(options.outDir);
}

/**
 * Onboards a teaching client the same way (transport certificate, dynamic client registration over mTLS, then its
 * folder), with a signing key only when it authenticates with private_key_jwt: a public client signs nothing, and a
 * tls_client_auth one is its certificate.
 */
export async function onboardTeachingClient(options: OnboardTeachingClientOptions): Promise<OnboardedTeachingClient> {
  const signingAlg = options.signingAlg ?? 'PS256';
  const { initialAccessToken, transport } = prepareOnboarding(options);
  const signingJwk = options.authMethod === 'private_key_jwt' ? await generateSigningJwk(signingAlg) : undefined;
  const publicJwks = signingJwk && { keys: [publicJwk(signingJwk)] };
  const metadata = registrationMetadata({
    clientName: options.name,
    redirectUris: options.redirectUris,
    authMethod: options.authMethod,
    choices: { profile: 'teaching' },
    signingAlg,
    publicSigningJwk: publicJwks?.keys[0],
    transportCertPem: transport.certPem,
  });
  const clientId = await registerClient({ issuer: options.issuer, initialAccessToken, metadata, transport });

  const client: OnboardedTeachingClientJson = {
    clientId,
    clientName: options.name,
    issuer: options.issuer,
    bankUrl: options.bankUrl,
    redirectUris: options.redirectUris,
    profile: 'teaching',
    authMethod: options.authMethod,
    ...(signingJwk && { signingAlg, signingKid: signingJwk.kid! }),
  };
  writeRegisteredFolder(options.outDir, clientId, () => writeOnboardedFolder(options.outDir, { client, transport, signingJwk, publicJwks }));
  return loadOnboardedTeachingClient(options.outDir);
}
