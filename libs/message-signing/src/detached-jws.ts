import { SignatureErrorCode, SignatureRefused } from './signature-refused';

/** The parts of a detached JWS (RFC 7515 Appendix F): the payload travels separately, as the HTTP body. */
export interface DetachedJws {
  /** The base64url protected header, exactly as signed. */
  encodedHeader: string;
  /** Its JSON object, not yet checked against the OB rules. */
  header: Record<string, unknown>;
  /** The base64url signature. */
  signature: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** A base64url string of length 4n+1 cannot come from any byte sequence. */
const isBase64url = (text: string) => BASE64URL.test(text) && text.length % 4 !== 1;

const malformed = (reason: string) => new SignatureRefused(SignatureErrorCode.Malformed, reason);

/** OB "Specification": a request that must be signed but carries no x-jws-signature is refused (Signature.Missing). */
export function signaturePresent(value: string | undefined): string {
  if (!value) throw new SignatureRefused(SignatureErrorCode.Missing, 'the x-jws-signature header is required on this request');
  return value;
}

/** The protected header as a JSON object, or undefined when the bytes are not UTF-8 JSON of an object. */
function decodeHeader(encodedHeader: string): Record<string, unknown> | undefined {
  try {
    const header: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encodedHeader, 'base64url')));
    return header !== null && typeof header === 'object' && !Array.isArray(header) ? (header as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * OB verify step 1, "extract and decode the JOSE header and signature": `<base64url header>..<base64url signature>`
 * with an empty middle part (the detached payload); anything else is Signature.Malformed.
 */
export function parseDetachedJws(value: string): DetachedJws {
  const parts = value.split('.');
  if (parts.length !== 3) throw malformed('x-jws-signature must be a JWS of three dot-separated parts');
  const [encodedHeader, payload, signature] = parts;
  if (payload !== '') throw malformed('x-jws-signature must be a detached JWS: its payload part must be empty (RFC 7515 Appendix F)');
  if (!isBase64url(encodedHeader)) throw malformed('the JOSE header of x-jws-signature is not base64url');
  if (!isBase64url(signature)) throw malformed('the signature part of x-jws-signature is not base64url');
  const header = decodeHeader(encodedHeader);
  if (!header) throw malformed('the JOSE header of x-jws-signature is not a JSON object');
  return { encodedHeader, header, signature };
}
