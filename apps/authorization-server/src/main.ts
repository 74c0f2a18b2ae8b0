import { AuthorizationServerModule, authorizationServerOptionsFromEnv, mountAuthorizationServer } from '@fapi/authorization';
import { startHttpsService } from '@fapi/service-runtime';

const options = authorizationServerOptionsFromEnv();

// oidc-provider reads raw request bodies itself, so Nest's body parsers stay off.
void startHttpsService(AuthorizationServerModule.forRoot(options), {
  identity: 'authorization-server',
  publicUrl: options.issuer,
  bodyParser: false,
  configure: mountAuthorizationServer,
});
