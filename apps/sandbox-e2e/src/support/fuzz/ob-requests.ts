import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { ACCOUNT_INFO_OPENAPI_FILE, AISP_BASE_PATH, PAYMENT_INITIATION_OPENAPI_FILE, PISP_BASE_PATH } from '@fapi/open-banking';
import { encodeSegment, headerValue, hostileText, jsonContentType, pathSegment, wireBody } from './hostile-values';
import { resolve, type Schema, schemaValue, validishValue } from './schema-arbitrary';

/** The operations of the official v4.0 specs the sandbox implements (the specs define scheduled, file, ... payments too). */
const IMPLEMENTED = new Set([
  'CreateAccountAccessConsents', 'GetAccountAccessConsentsConsentId', 'DeleteAccountAccessConsentsConsentId', 'GetAccounts',
  'GetAccountsAccountId', 'GetAccountsAccountIdBalances', 'GetBalances', 'GetAccountsAccountIdTransactions', 'GetTransactions',
  'CreateDomesticPaymentConsents', 'GetDomesticPaymentConsentsConsentId', 'GetDomesticPaymentConsentsConsentIdFundsConfirmation',
  'CreateDomesticPayments', 'GetDomesticPaymentsDomesticPaymentId', 'GetDomesticPaymentsDomesticPaymentIdPaymentDetails',
]);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

/** One operation as the fuzzer needs it: where it lives, its parameters and its request body schema. */
export interface SpecOperation {
  api: 'aisp' | 'pisp';
  operationId: string;
  method: string;
  pathTemplate: string;
  parameters: Parameter[];
  body?: Schema;
  document: object;
}

function operationsOf(api: 'aisp' | 'pisp', file: string, basePath: string): SpecOperation[] {
  const document = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, { operationId: string; parameters?: Schema[]; requestBody?: { content: Record<string, { schema: Schema }> } }>> };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, operation]) => IMPLEMENTED.has(operation.operationId))
      .map(([method, operation]) => ({
        api,
        operationId: operation.operationId,
        method: method.toUpperCase(),
        pathTemplate: `${basePath}${path}`,
        parameters: (operation.parameters ?? []).map((parameter) => resolve(document, parameter) as unknown as Parameter),
        body: operation.requestBody?.content['application/json']?.schema,
        document,
      })),
  );
}

export const AISP_OPERATIONS = operationsOf('aisp', ACCOUNT_INFO_OPENAPI_FILE, AISP_BASE_PATH);
export const PISP_OPERATIONS = operationsOf('pisp', PAYMENT_INITIATION_OPENAPI_FILE, PISP_BASE_PATH);

/** How a fuzzed PISP body is signed when it is sent: the TPP's valid detached JWS, none, or a forged value. */
export type SignatureChoice = { kind: 'valid' } | { kind: 'none' } | { kind: 'forged'; value: string };

/** A request to the bank as generated: the sender fills in the token and signs when it sends. */
export interface BankRequest {
  operationId: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Which of the caller's tokens goes in the Authorization header (`raw`: the header's whole hostile value). */
  authorization: { token: string } | { raw: string } | undefined;
  body?: string;
  signature: SignatureChoice;
}

const header = (parameter: Parameter) => {
  const plausible = parameter.name === 'x-fapi-interaction-id' || parameter.name === 'x-idempotency-key' ? fc.uuid() : validishValue({}, parameter.schema).map(String);
  return fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: headerValue, weight: 2 });
};

const query = (parameter: Parameter) => fc.oneof(validishValue({}, parameter.schema).map(String), hostileText);

/** Requests to `operation` derived from its parameters and body schema, `tokens` naming the bearer tokens to pick from. */
export function bankRequest(operation: SpecOperation, tokens: string[], plausibleIds: string[]): fc.Arbitrary<BankRequest> {
  const segments = operation.parameters.filter((parameter) => parameter.in === 'path');
  const headers = operation.parameters.filter((parameter) => parameter.in === 'header' && parameter.name.toLowerCase() !== 'authorization' && parameter.name !== 'x-jws-signature');
  const queries = operation.parameters.filter((parameter) => parameter.in === 'query');
  const id = fc.oneof(fc.constantFrom(...plausibleIds), fc.uuid());
  return fc.record({
    segments: fc.tuple(...segments.map(() => pathSegment(id))),
    headers: fc.record(Object.fromEntries(headers.map((parameter) => [parameter.name, header(parameter)])), { requiredKeys: [] }),
    extraHeaders: fc.dictionary(fc.constantFrom('x-extra', 'accept', 'x-forwarded-for', 'x-fapi-financial-id', 'content-encoding', 'transfer-encoding-x'), headerValue, { maxKeys: 2 }),
    queries: fc.record(Object.fromEntries(queries.map((parameter) => [parameter.name, query(parameter)])), { requiredKeys: [] }),
    extraQuery: fc.dictionary(hostileText, hostileText, { maxKeys: 2 }),
    authorization: fc.oneof(
      { arbitrary: fc.constantFrom(...tokens).map((token) => ({ token })), weight: 8 },
      { arbitrary: fc.oneof(headerValue, headerValue.map((text) => `Bearer ${text}`)).map((raw) => ({ raw })), weight: 1 },
      { arbitrary: fc.constant(undefined), weight: 1 },
    ),
    contentType: jsonContentType,
    body: operation.body ? wireBody(schemaValue(operation.document, operation.body)) : fc.constant(undefined),
    signature: fc.oneof(
      { arbitrary: fc.constant<SignatureChoice>({ kind: 'valid' }), weight: 6 },
      { arbitrary: fc.constant<SignatureChoice>({ kind: 'none' }), weight: 1 },
      { arbitrary: headerValue.map<SignatureChoice>((value) => ({ kind: 'forged', value })), weight: 1 },
    ),
  }).map(({ segments: values, headers: headerValues, extraHeaders, queries: queryValues, extraQuery, authorization, contentType, body, signature }) => {
    let index = 0;
    const path = operation.pathTemplate.replace(/\{[^}]+\}/g, () => values[index++]);
    const search = [...Object.entries(queryValues), ...Object.entries(extraQuery)].map(([name, value]) => `${encodeSegment(name)}=${encodeSegment(String(value))}`).join('&');
    return {
      operationId: operation.operationId,
      method: operation.method,
      path: search ? `${path}?${search}` : path,
      headers: { accept: 'application/json', ...extraHeaders, ...(headerValues as Record<string, string>), ...(body !== undefined && contentType ? { 'content-type': contentType } : {}) },
      authorization,
      body,
      signature,
    };
  });
}

/** Requests to any of `operations`, each operation equally likely. */
export const bankRequests = (operations: SpecOperation[], tokens: string[], plausibleIds: string[]): fc.Arbitrary<BankRequest> =>
  fc.oneof(...operations.map((operation) => bankRequest(operation, tokens, plausibleIds)));
