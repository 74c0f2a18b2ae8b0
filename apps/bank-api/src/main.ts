/** The mock ASPSP (bank-api): see bankApiService in @fapi/bank. */
import { bankApiService } from '@fapi/bank';
import { runService } from '@fapi/service-runtime';

runService(bankApiService);
