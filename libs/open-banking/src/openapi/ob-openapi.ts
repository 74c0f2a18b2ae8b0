import { readFileSync } from 'node:fs';
import OpenAPIBackend, { type Document, type Operation, SetMatchType, ValidationContext } from 'openapi-backend';
import type { OBError1 } from '../errors/ob-error-response';
import { SPEC_STRING_FORMATS } from './spec-formats';
import { obErrorsFromSchemaErrors } from './validation-errors';

/** A request as the validator sees it: header names in lower case, the body already parsed from JSON. */
export interface SpecRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: unknown;
}

/** Parses an official OB OpenAPI file whose paths live under `basePath` on the ASPSP (its `servers[0].url`). */
export async function loadSpecBackend(file: string, basePath: string): Promise<OpenAPIBackend> {
  const definition = JSON.parse(readFileSync(file, 'utf8')) as Document;
  const backend = new OpenAPIBackend({
    definition,
    apiRoot: basePath,
    quick: true,
    // report every problem of a request at once (bodies are small: the bank caps them at 64 KB)
    ajvOpts: { allErrors: true },
    customizeAjv: (ajv) => {
      for (const [name, validate] of Object.entries(SPEC_STRING_FORMATS)) ajv.addFormat(name, { type: 'string', validate });
      return ajv;
    },
  });
  await backend.init();
  return backend;
}

/**
 * One official v4.0 OB OpenAPI, loaded once: validates requests against it (OB errors out) and responses (schema
 * errors out, for tests). Schemas are compiled lazily, on the first use of each operation.
 */
export abstract class ObOpenApi<OperationId extends string> {
  protected constructor(
    private readonly backend: OpenAPIBackend,
    /** What the spec is called in error messages. */
    private readonly name: string,
  ) {}

  /** The OB errors of a request against its operation's parameters, headers and body schema; empty when valid. */
  validateRequest(operationId: OperationId, request: SpecRequest): OBError1[] {
    const result = this.backend.validateRequest({ ...request, query: {} }, operationId);
    return result.valid ? [] : obErrorsFromSchemaErrors(result.errors ?? []);
  }

  /** The operation a method and path (with or without the base path) address, if the spec defines one. */
  operationAt(method: string, requestPath: string): Operation | undefined {
    return this.backend.router.matchOperation({ method: method.toLowerCase(), path: requestPath, headers: {} });
  }

  /** The HTTP methods (upper case) the spec defines for a path; empty for a path it does not know. */
  methodsAt(requestPath: string): string[] {
    return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((method) => this.operationAt(method, requestPath));
  }

  /** Schema errors (Ajv messages) of a response body for an operation and status; empty when it conforms. */
  responseBodyProblems(operation: Operation, status: number, body: unknown): string[] {
    const result = this.backend.validateResponse(body, operation, status);
    return (result.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /** Schema errors of the response headers the spec requires for an operation and status (e.g. x-fapi-interaction-id). */
  responseHeaderProblems(operation: Operation, status: number, headers: Record<string, unknown>): string[] {
    const result = this.backend.validateResponseHeaders(headers, operation, { statusCode: status, setMatchType: SetMatchType.Superset });
    return (result.errors ?? []).map((e) => `${e.instancePath || '(headers)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /** A named schema of `components.schemas`, e.g. OBErrorResponse1, validated standalone. */
  schemaProblems(schemaName: string, value: unknown): string[] {
    const validate = this.backend.validator.getAjv(ValidationContext.Response).compile(this.schema(schemaName));
    validate(value);
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(value)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  private schema(name: string): object {
    const schemas = (this.backend.definition.components?.schemas ?? {}) as Record<string, object>;
    const schema = schemas[name];
    if (!schema) throw new Error(`the ${this.name} OpenAPI has no schema ${name}`);
    return schema;
  }
}
