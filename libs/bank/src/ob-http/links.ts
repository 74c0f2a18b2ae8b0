import type { IncomingMessage } from 'node:http';
import { AISP_BASE_PATH, PISP_BASE_PATH } from '@fapi/open-banking';

/** Links.Self of a GET: the bank's public base URL and the path (and query) the request used. */
export function selfLink(bankUrl: string, request: IncomingMessage & { originalUrl?: string }): string {
  return `${bankUrl}${request.originalUrl ?? request.url ?? ''}`;
}

/** The public URL of a resource of an OB API, e.g. obLink(bankUrl, PISP_BASE_PATH, 'domestic-payments', id). */
function obLink(bankUrl: string, basePath: string, ...segments: string[]): string {
  return [`${bankUrl}${basePath}`, ...segments.map(encodeURIComponent)].join('/');
}

/** The public URL of an AISP resource, e.g. aispLink(bankUrl, 'account-access-consents', id). */
export const aispLink = (bankUrl: string, ...segments: string[]): string => obLink(bankUrl, AISP_BASE_PATH, ...segments);

/** The public URL of a PISP resource, e.g. pispLink(bankUrl, 'domestic-payments', id). */
export const pispLink = (bankUrl: string, ...segments: string[]): string => obLink(bankUrl, PISP_BASE_PATH, ...segments);
