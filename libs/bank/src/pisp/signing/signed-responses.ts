import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import { BankSigner } from './bank-signer';

export const JWS_SIGNATURE_HEADER = 'x-jws-signature';

type End = ServerResponse['end'];

/**
 * Rule (OB message signing, PISP): every response with a body — successes and refusals alike — carries
 * x-jws-signature, the bank's detached JWS over exactly the bytes sent. Responses without a body (401, 404, 405)
 * have nothing to sign. Done where the bytes leave (`response.end`), so no path can send an unsigned body.
 */
export function signBodiesOf(response: ServerResponse, signer: Pick<BankSigner, 'sign'>, logger: Pick<Logger, 'error'>): void {
  const end = response.end.bind(response) as (chunk?: unknown, encoding?: BufferEncoding, callback?: () => void) => ServerResponse;
  response.end = function signedEnd(chunk?: unknown, encoding?: unknown, callback?: unknown) {
    if (typeof chunk === 'function') return end(undefined, undefined, chunk as () => void);
    if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
    const bytes = chunk === undefined || chunk === null ? Buffer.alloc(0) : Buffer.from(chunk as string, encoding as BufferEncoding | undefined);
    if (bytes.length === 0 || response.headersSent) return end(bytes, undefined, callback as () => void);
    signer.sign(bytes).then(
      (signature) => {
        response.setHeader(JWS_SIGNATURE_HEADER, signature);
        end(bytes, undefined, callback as () => void);
      },
      (error: unknown) => {
        // an unsigned body must not leave: the TPP would have to act on an answer it cannot verify
        logger.error(`cannot sign a response: ${error instanceof Error ? error.message : String(error)}`);
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return response;
  } as End;
}

/** Applies signBodiesOf to every response of the routes it is mounted on (the PISP API). */
@Injectable()
export class SignedResponsesMiddleware implements NestMiddleware {
  private readonly logger = new Logger('PISP');

  constructor(private readonly signer: BankSigner) {}

  use(_request: IncomingMessage, response: ServerResponse, next: () => void): void {
    signBodiesOf(response, this.signer, this.logger);
    next();
  }
}
