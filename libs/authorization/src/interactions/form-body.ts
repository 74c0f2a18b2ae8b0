import type { IncomingMessage } from 'node:http';
import { InteractionProblem } from './interaction-problem';

/** The interaction forms are small; anything larger is not one of them. */
const MAX_FORM_BYTES = 16 * 1024;

/** RFC 9110 §15.5.14 413 Content Too Large, as a page the PSU can read. */
const tooLarge = () => new InteractionProblem(413, 'This form is larger than any sign-in form can be. Return to the app and start again.');

/** Reads an application/x-www-form-urlencoded body (Nest's body parsers are off so oidc-provider reads raw bodies). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
  if (Number(req.headers['content-length']) > MAX_FORM_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
