/** The FAPI authorization server: oidc-provider configured for FAPI 1.0 Advanced, its storage, and login/consent. */
export { AuthorizationServerModule, authorizationServerRoutes, guardConfiguredHost } from './authorization-server.module';
export { authorizationServerService } from './authorization-server.sandbox-service';
export {
  type AuthorizationServerOptions,
  type Lifetimes,
  type SandboxOnlyOptions,
  DEFAULT_LIFETIMES,
  authorizationServerOptionsFromEnv,
} from './authorization-server-options';
export { COOKIE_SECRET_FILE } from './provider/provider-material';
export { PERMISSION_LABELS } from './interactions/permission-labels';
export { TEACHING_REFUSALS } from './rules/refused-flows';
export { DEVICE_POLL_INTERVAL_SECONDS, SLOW_DOWN_STEP_SECONDS } from './rules/device-polling';
