import { OB_ERROR_CODES, type ObErrorCode } from './error-codes';

/** `components.schemas.OBError1` (v4.0): one problem, named by its U-code, with the JSON path it concerns. */
export interface OBError1 {
  ErrorCode: ObErrorCode;
  Message?: string;
  Path?: string;
  Url?: string;
}

/** `components.schemas.OBErrorResponse1` (v4.0): only `Errors` is required; `Code`/`Message` are deprecated. */
export interface OBErrorResponse1 {
  Id?: string;
  Code?: string;
  Message?: string;
  Errors: OBError1[];
}

/** The spec caps Message and Path at 500 characters. */
const MAX_TEXT = 500;
const clip = (text: string): string => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/** One OBError1; the message defaults to the code's meaning. */
export function obError(code: ObErrorCode, message?: string, path?: string): OBError1 {
  const error: OBError1 = { ErrorCode: code, Message: clip(message ?? OB_ERROR_CODES[code].meaning) };
  if (path) error.Path = clip(path);
  return error;
}

/** An OBErrorResponse1 body; `Id` (at most 40 characters) lets the TPP quote the failure to the ASPSP. */
export function obErrorResponse(errors: OBError1[], id?: string): OBErrorResponse1 {
  if (errors.length === 0) throw new Error('an OBErrorResponse1 needs at least one error');
  return id ? { Id: id.slice(0, 40), Errors: errors } : { Errors: errors };
}
