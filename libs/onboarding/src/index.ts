/** Onboards a TPP: issues its transport certificate and signing key, registers it with the authorization server, writes its folder. */
export { onboardTeachingClient, onboardTpp, profileChoices, type OnboardTeachingClientOptions, type OnboardTppOptions, type ProfileOptions } from './onboard-tpp';
export { loadOnboardedTeachingClient, loadOnboardedTpp, OnboardedFolderProblem } from './onboarded-folder';
export { RegistrationRefused } from './register-client';
export type {
  OnboardedTeachingClient,
  OnboardedTpp,
  OnboardedClient,
  AuthMethod,
  ClientProfileName,
  ProfileChoices,
  RequestObject,
  ResponseStyle,
  SenderConstraint,
  TeachingAuthMethod,
} from './onboarded-tpp';
export { consoleLoginLink, ConsoleLoginRefused, type ConsoleLoginLink } from './console-login-link';
