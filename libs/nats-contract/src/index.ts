/**
 * The NATS contract: every subject a sandbox service serves or emits, with its payload and reply types.
 * Both sides import these names and types, so a change here is a change to the contract, checked by the compiler.
 */
export * from './rpc';
export * from './interaction';
export * from './consent-base';
export * from './account-access-consents';
export * from './bank-customers';
export * from './domestic-payment-consents';
export * from './consent-ids';
export * from './registered-clients';
export * from './grants';
export * from './console-records';
export * from './payment-settlement';
export * from './durable-streams';
export * from './contract';
export * from './consent-kinds';
export * from './nats-contract.client';
export * from './nats-contract.module';
export * from './nats-answers';
export * from './sandbox-nats';
