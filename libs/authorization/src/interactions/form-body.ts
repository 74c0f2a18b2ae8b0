import type { IncomingMessage } from 'node:http';

/** The interaction forms are small; anything larger is not one of them. */
const MAX_FORM_BYTES = 16 * 1024;

/** Reads an application/x-www-form-urlencoded body (Nest's body parsers are off so oidc-provider reads raw bodies). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
