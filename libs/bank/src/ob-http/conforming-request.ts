import type { IncomingMessage } from 'node:http';
import { ObError, type ObOpenApi } from '@fapi/open-banking';

/**
 * Rule (OB "Error codes"): a POST's headers and JSON body conform to its operation in the official OB OpenAPI, else
 * 400 with every error found (U002 invalid, U003 bad date, U004 missing, U005 unexpected, U006 bad header).
 */
export function requireConformingPost<OperationId extends string>(
  api: ObOpenApi<OperationId>,
  operationId: OperationId,
  path: string,
  request: IncomingMessage,
  body: unknown,
): void {
  const schemaErrors = api.validateRequest(operationId, {
    method: 'post',
    path,
    headers: request.headers as Record<string, string | string[]>,
    body,
  });
  if (schemaErrors.length) throw ObError.badRequest(schemaErrors);
}
