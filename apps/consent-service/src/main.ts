/** The consent service (consent-service): see consentService in @fapi/consent. */
import { consentService } from '@fapi/consent';
import { runService } from '@fapi/service-runtime';

runService(consentService);
