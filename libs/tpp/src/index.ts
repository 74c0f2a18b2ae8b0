/** The sample fintech: runs the consent journey with openid-client and fetches the PSU's data from the bank over mTLS. */
export * from './account-information';
export * from './account-access-consent-request';
export * from './authorization-server';
export * from './authorization-request';
export * from './authorization-callback';
export * from './open-banking-api';
export * from './mtls-fetch';
export * from './journey';
export * from './session-store';
export * from './tpp-client.module';
export { describeJourneyError, NoPendingAuthorization, type JourneyErrorView } from './web/journey-error';
