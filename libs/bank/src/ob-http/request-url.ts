import type { IncomingMessage } from 'node:http';

/** The URL a request asked for (path and query; the origin is a placeholder: only the bank's own URLs come here). */
export const requestUrl = (request: IncomingMessage): URL => new URL(request.url ?? '/', 'https://bank.invalid');
