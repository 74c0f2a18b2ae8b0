/** The sample fintech (tpp-client): see tppClientService in @fapi/tpp. */
import { runService } from '@fapi/service-runtime';
import { tppClientService } from '@fapi/tpp';

runService(tppClientService);
