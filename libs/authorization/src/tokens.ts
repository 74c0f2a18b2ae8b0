/** Nest injection tokens of the authorization server module. */
export const OIDC_PROVIDER = Symbol('OIDC_PROVIDER');
export const AUTHORIZATION_SERVER_OPTIONS = Symbol('AUTHORIZATION_SERVER_OPTIONS');
export const OIDC_MODEL_STORE = Symbol('OIDC_MODEL_STORE');
/** ReplayRecords: ids seen once (client assertions, DPoP proofs, console login assertions), across instances. */
export const REPLAY_RECORDS = Symbol('REPLAY_RECORDS');
/** The durable stream the provider announces grant revocations on (Streams.grantRevocations). */
export const GRANT_REVOCATIONS = Symbol('GRANT_REVOCATIONS');
/** The developer console's store (ConsoleStore) and the queue every console record goes through (RecordingQueue). */
export const CONSOLE_STORE = Symbol('CONSOLE_STORE');
export const CONSOLE_RECORDING = Symbol('CONSOLE_RECORDING');
