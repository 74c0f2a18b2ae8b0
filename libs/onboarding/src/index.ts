/** Onboards a TPP: issues its transport certificate and signing key, registers it with the authorization server, writes its folder. */
export { onboardTpp, profileChoices, type OnboardTppOptions, type ProfileOptions } from './onboard-tpp';
export { loadOnboardedTpp, OnboardedFolderProblem } from './onboarded-folder';
export { RegistrationRefused } from './register-client';
export type {
  OnboardedTpp,
  OnboardedClient,
  AuthMethod,
  ClientProfileName,
  ProfileChoices,
  RequestObject,
  ResponseStyle,
  SenderConstraint,
} from './onboarded-tpp';
