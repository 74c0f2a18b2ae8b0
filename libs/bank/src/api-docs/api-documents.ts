import { readFileSync } from 'node:fs';
import { ACCOUNT_INFO_OPENAPI_FILE, AISP_BASE_PATH, PAYMENT_INITIATION_OPENAPI_FILE, PISP_BASE_PATH } from '@fapi/open-banking';

/** An official OB v4.0 OpenAPI file the bank serves, at `${basePath}/openapi.json` (its `servers` set to the bank). */
export interface ApiDocument {
  /** The name the docs page lists it by. */
  title: string;
  /** The official file, served unmodified except for `servers`. */
  file: string;
  /** Where its paths live on the bank (the spec's own `servers[0].url`). */
  basePath: string;
}

/** Every API the bank implements, documented by its official OpenAPI file. */
export const API_DOCUMENTS: readonly ApiDocument[] = [
  { title: 'Account and Transaction API (AISP) v4.0', file: ACCOUNT_INFO_OPENAPI_FILE, basePath: AISP_BASE_PATH },
  { title: 'Payment Initiation API (PISP) v4.0', file: PAYMENT_INITIATION_OPENAPI_FILE, basePath: PISP_BASE_PATH },
];

/** Where the bank serves a document. */
export const documentPath = ({ basePath }: ApiDocument) => `${basePath}/openapi.json`;

/**
 * The document as the bank serves it: the official file with `servers` naming this bank, so that a reader (and Swagger
 * UI's "Try it out") reaches the sandbox; the spec itself only gives the base path.
 */
export function servedDocument(document: ApiDocument, bankUrl: string): string {
  const spec = JSON.parse(readFileSync(document.file, 'utf8')) as Record<string, unknown>;
  return JSON.stringify({ ...spec, servers: [{ url: `${bankUrl}${document.basePath}`, description: 'the sandbox bank' }] });
}
