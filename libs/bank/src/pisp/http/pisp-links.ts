import { PISP_BASE_PATH } from '@fapi/open-banking';
import { obLink } from '../../aisp/http/self-link';

/** The public URL of a PISP resource, e.g. pispLink(bankUrl, 'domestic-payments', id). */
export const pispLink = (bankUrl: string, ...segments: string[]): string => obLink(bankUrl, PISP_BASE_PATH, ...segments);
