/**
 * The sample fintech: runs the account-access and payment journeys with openid-client as a FAPI 1.0 Advanced or
 * FAPI 2.0 client (mTLS- or DPoP-bound), as its onboarded folder says.
 */
export * from './account-information';
export * from './account-access-consent-request';
export * from './authorization-server';
export * from './authorization-request';
export * from './authorization-callback';
export * from './fintech-protocol';
export * from './token-binding';
export * from './open-banking-api';
export * from './ob-http';
export * from './payment-initiation-client';
export * from './payment-order';
export * from './payment-form';
export * from './payment-status';
export * from './message-signatures';
export * from './client-credentials-tokens';
export * from './network-failure';
export * from './mtls-fetch';
export * from './journey';
export * from './session-store';
export * from './tpp-client.module';
export { describeJourneyError, NoPendingAuthorization, UnknownPayment, type JourneyErrorView } from './web/journey-error';
export * from './tpp-client.sandbox-service';
export { JourneyRecorder, JOURNEYS_KEPT, STEPS_KEPT } from './inspector/journey-recorder';
export type { DecodedJwt, JourneyRecord, RecordedStep, StepKind } from './inspector/journey-record';
