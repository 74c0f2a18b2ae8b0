import { AuthorizationServerModule, authorizationServerOptionsFromEnv, mountAuthorizationServer } from '@fapi/authorization';
import { runService, startHttpsService } from '@fapi/service-runtime';

runService(async () => {
  const options = authorizationServerOptionsFromEnv();
  // oidc-provider reads raw request bodies itself, so Nest's body parsers stay off.
  await startHttpsService(AuthorizationServerModule.forRoot(options), {
    identity: 'authorization-server',
    publicUrl: options.issuer,
    bodyParser: false,
    configure: mountAuthorizationServer,
  });
});
