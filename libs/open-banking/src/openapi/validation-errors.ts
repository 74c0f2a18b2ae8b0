import type { ValidationResult } from 'openapi-backend';
import type { ObErrorCode } from '../errors/error-codes';
import { obError, type OBError1 } from '../errors/ob-error-response';

type SchemaError = NonNullable<ValidationResult['errors']>[number];

/** `/requestBody/Data/Permissions/0` -> `Data.Permissions[0]`: the JSON path form OB error `Path`s use. */
function obPath(segments: string[]): string {
  return segments
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}

/** The U-code for a schema keyword that failed: missing, unexpected, bad date, or otherwise invalid. */
function codeFor(error: SchemaError, inHeader: boolean): ObErrorCode {
  if (inHeader) return error.keyword === 'required' ? 'U007' : 'U006';
  switch (error.keyword) {
    case 'required':
    case 'minItems':
      return 'U004';
    case 'additionalProperties':
      return 'U005';
    case 'format':
      return error.params.format === 'date-time' ? 'U003' : 'U002';
    default:
      return 'U002';
  }
}

/**
 * Turns openapi-backend's (Ajv) request validation errors into OB errors: body problems with the field's path,
 * header problems with the header's name. One error per code and path.
 */
export function obErrorsFromSchemaErrors(errors: readonly SchemaError[]): OBError1[] {
  const found = new Map<string, OBError1>();
  for (const error of errors) {
    const [, location, ...rest] = error.instancePath.split('/');
    const inHeader = location === 'header';
    const named = error.params.missingProperty ?? error.params.additionalProperty;
    const segments = named ? [...rest, String(named)] : rest;
    const path = obPath(segments);
    const code = codeFor(error, inHeader);
    const key = `${code} ${path}`;
    if (found.has(key)) continue;
    const what = path || (location === 'requestBody' ? 'request body' : location);
    found.set(key, obError(code, `${what} ${error.message ?? 'is invalid'}`, path || undefined));
  }
  return [...found.values()];
}
