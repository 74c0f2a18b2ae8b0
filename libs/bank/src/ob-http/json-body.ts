import type { IncomingMessage } from 'node:http';
import { ObError } from '@fapi/open-banking';
import { BANK_REQUEST_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';

/** The largest request body the bank reads. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Rule: a request body is sent as application/json (a charset parameter is allowed), else 415 (U006). */
export function requireJsonContentType(request: IncomingMessage): void {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new ObError(415, [{ ErrorCode: 'U006', Message: refusalText(RULES.jsonContentType, 'the request body is not application/json'), Path: 'Content-Type' }]);
  }
}

const tooLarge = () =>
  new ObError(413, [{ ErrorCode: 'U002', Message: refusalText(RULES.jsonBodySize, `the request body is larger than ${MAX_BODY_BYTES} bytes`) }]);

/** Rule: a request body is at most MAX_BODY_BYTES, else 413 (U002); it is not read further than that. */
function readLimited(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

/** Rule: the body parses as JSON, else 400 (U010). */
export function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw ObError.of('U010', refusalText(RULES.jsonBody));
  }
}

/**
 * Reads the bytes of a JSON request body after the request has been authorised: media type, then size. The bytes are
 * what a detached signature (x-jws-signature) covers.
 */
export async function readJsonBodyBytes(request: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<Buffer> {
  requireJsonContentType(request);
  return readLimited(request, limit);
}

/** Reads a JSON request body after the request has been authorised: media type, then size, then syntax. */
export async function readJsonBody(request: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<unknown> {
  return parseJsonBody(await readJsonBodyBytes(request, limit));
}
