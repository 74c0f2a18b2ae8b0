import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** Node's answers to a request it could not parse (lib/_http_server.js), by parser error code; 400 otherwise. */
const STATUS_BY_PARSE_ERROR: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' };

// FAPI 1.0 Baseline 6.2.1-11 / OB: every response carries an x-fapi-interaction-id, also the ones Node's HTTP server
// sends itself before any app code runs (headers too large: 431, RFC 6585 5). Answered as Node does (then the
// connection is closed, RFC 9112 9.6), with a fresh id since the request's own could not be read.
export function answerClientErrorsWithInteractionId(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const responding = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (error.code === 'ECONNRESET' || !socket.writable || responding) return void socket.destroy();
    const status = STATUS_BY_PARSE_ERROR[error.code ?? ''] ?? 400;
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\nContent-Length: 0\r\nx-fapi-interaction-id: ${randomUUID()}\r\n\r\n`,
    );
  });
}
