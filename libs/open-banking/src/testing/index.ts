/**
 * Test helpers: assert that a bank response conforms to the official v4.0 AISP or PISP OpenAPI. For tests only (the
 * `@fapi/open-banking/testing` entry), so production code never loads them.
 */
import { AccountInfoApi } from '../openapi/account-info-api';
import type { ObOpenApi } from '../openapi/ob-openapi';
import { PaymentInitiationApi } from '../openapi/payment-initiation-api';

let aisp: Promise<AccountInfoApi> | undefined;
let pisp: Promise<PaymentInitiationApi> | undefined;
/** The specs, each parsed once per test process. */
export const accountInfoApi = (): Promise<AccountInfoApi> => (aisp ??= AccountInfoApi.load());
export const paymentInitiationApi = (): Promise<PaymentInitiationApi> => (pisp ??= PaymentInitiationApi.load());

const isEmptyBody = (body: unknown) => body === undefined || body === null || body === '';

function fail(what: string, problems: string[], body: unknown): never {
  throw new Error(`${what}:\n  ${problems.join('\n  ')}\nbody: ${JSON.stringify(body, null, 2)?.slice(0, 4000)}`);
}

/**
 * Throws unless `body` (and `headers`, when given) is what `api` allows for this method, path and status: the status
 * must be one the operation declares; a declared schema must match; a status declared without content may only carry
 * an OBErrorResponse1 (an error with an explanation) or nothing; the headers the spec requires must be there.
 */
async function expectConformsTo<Id extends string>(
  api: ObOpenApi<Id>,
  specName: string,
  [method, path, status, body, headers]: [string, string, number, unknown, Record<string, unknown>?],
): Promise<void> {
  const pathname = new URL(path, 'https://bank.invalid').pathname;
  const operation = api.operationAt(method, pathname);
  if (!operation) fail(`${method} ${pathname} is not an operation of the ${specName} OpenAPI`, [], body);
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

/**
 * Throws unless the response is what the v4.0 AISP OpenAPI allows (see expectConformsTo).
 * `path` may be a full URL or a path, with or without the query string.
 */
export async function expectConformsToSpec(
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers?: Record<string, unknown>,
): Promise<void> {
  await expectConformsTo(await accountInfoApi(), 'AISP', [method, path, status, body, headers]);
}

/**
 * Throws unless the response is what the v4.0 PISP OpenAPI allows (see expectConformsTo); with `headers`, also that
 * the headers the spec requires are there (x-fapi-interaction-id, and x-jws-signature where it is declared).
 */
export async function expectConformsToPisSpec(
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers?: Record<string, unknown>,
): Promise<void> {
  await expectConformsTo(await paymentInitiationApi(), 'PISP', [method, path, status, body, headers]);
}

/** Throws unless `body` is an OBErrorResponse1 of the spec (for statuses the spec does not list, e.g. 413). */
export async function expectObErrorResponse(body: unknown): Promise<void> {
  const problems = (await accountInfoApi()).schemaProblems('OBErrorResponse1', body);
  if (problems.length) fail('body is not an OBErrorResponse1', problems, body);
}
