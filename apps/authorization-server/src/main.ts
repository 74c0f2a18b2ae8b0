import { AuthorizationServerModule, authorizationServerOptionsFromEnv, mountAuthorizationServer } from '@fapi/authorization';
import { runService, startHttpsService } from '@fapi/service-runtime';

runService(async () => {
  const options = authorizationServerOptionsFromEnv();
  // oidc-provider reads raw request bodies itself, so Nest's body parsers stay off. NATS handlers: the registered
  // clients' keys (Requests.getClientKeys), which the bank asks for to verify TPP message signatures.
  await startHttpsService(AuthorizationServerModule.forRoot(options), {
    identity: 'authorization-server',
    publicUrl: options.issuer,
    bodyParser: false,
    natsHandlers: true,
    configure: mountAuthorizationServer,
  });
});
