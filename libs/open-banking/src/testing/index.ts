/**
 * Test helpers: assert that a bank response conforms to the official v4.0 AISP OpenAPI. For tests only (the
 * `@fapi/open-banking/testing` entry), so production code never loads them.
 */
import { AccountInfoApi } from '../openapi/account-info-api';

let loaded: Promise<AccountInfoApi> | undefined;
/** The spec, parsed once per test process. */
export const accountInfoApi = (): Promise<AccountInfoApi> => (loaded ??= AccountInfoApi.load());

const isEmptyBody = (body: unknown) => body === undefined || body === null || body === '';

function fail(what: string, problems: string[], body: unknown): never {
  throw new Error(`${what}:\n  ${problems.join('\n  ')}\nbody: ${JSON.stringify(body, null, 2)?.slice(0, 4000)}`);
}

/**
 * Throws unless `body` (and `headers`, when given) is what the spec allows for this method, path and status:
 * the status must be one the operation declares; a declared schema must match; a status declared without content
 * may only carry an OBErrorResponse1 (an error with an explanation) or nothing.
 * `path` may be a full URL or a path, with or without the query string.
 */
export async function expectConformsToSpec(
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers?: Record<string, unknown>,
): Promise<void> {
  const api = await accountInfoApi();
  const pathname = new URL(path, 'https://bank.invalid').pathname;
  const operation = api.operationAt(method, pathname);
  if (!operation) fail(`${method} ${pathname} is not an operation of the AISP OpenAPI`, [], body);
  const declared = operation.responses?.[String(status)] ?? operation.responses?.default;
  if (!declared) fail(`${operation.operationId} does not declare status ${status}`, [], body);

  const hasContent = 'content' in declared && declared.content && Object.keys(declared.content).length > 0;
  if (hasContent) {
    const problems = api.responseBodyProblems(operation, status, body);
    if (problems.length) fail(`${operation.operationId} ${status} body does not conform to the spec`, problems, body);
  } else if (!isEmptyBody(body)) {
    if (status < 400) fail(`${operation.operationId} ${status} must have no body`, [], body);
    const problems = api.schemaProblems('OBErrorResponse1', body);
    if (problems.length) fail(`${operation.operationId} ${status} body is not an OBErrorResponse1`, problems, body);
  }

  if (headers) {
    const problems = api.responseHeaderProblems(operation, status, headers);
    if (problems.length) fail(`${operation.operationId} ${status} headers do not conform to the spec`, problems, headers);
  }
}

/** Throws unless `body` is an OBErrorResponse1 of the spec (for statuses the spec does not list, e.g. 413). */
export async function expectObErrorResponse(body: unknown): Promise<void> {
  const problems = (await accountInfoApi()).schemaProblems('OBErrorResponse1', body);
  if (problems.length) fail('body is not an OBErrorResponse1', problems, body);
}
