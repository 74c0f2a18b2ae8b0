/** The FAPI authorization server (authorization-server): see authorizationServerService in @fapi/authorization. */
import { authorizationServerService } from '@fapi/authorization';
import { runService } from '@fapi/service-runtime';

runService(authorizationServerService);
