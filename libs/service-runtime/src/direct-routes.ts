import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';

/** A connect-style middleware (helmet's, ours): calls `next` to go on, or answers the request itself. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Requests that a framework of their own answers whole (oidc-provider's Koa app in the AS). They need nothing of
 * Express's or Nest's, whose router and request decoration in front were ~2 % of the AS's CPU per token grant in its
 * profile (issue 11, bench/README.md).
 */
export interface DirectRoutes {
  /** Whether the request target `url` is one of its. */
  owns(url: string): boolean;
  /** Its own middleware, after the service-wide ones (the AS's host check). */
  guards: readonly Middleware[];
  /** Answers the request. */
  answer(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * Hands the requests `direct` owns from the server straight to it, through `serviceWide` (the middleware every request
 * of the service passes: its log line, security headers and metrics) and its guards, in that order. Express (Nest)
 * answers every other request, as it did all of them before. A middleware that fails answers 500 without details.
 */
export function answerDirectly(server: Server, direct: DirectRoutes, serviceWide: readonly Middleware[]): void {
  const express = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (express.length !== 1) throw new Error(`answerDirectly expects the one request listener Nest's Express adapter installs, found ${express.length}`);
  const [answerWithExpress] = express;
  const chain = [...serviceWide, ...direct.guards];
  const logger = new Logger('DirectRoutes');
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!direct.owns(req.url ?? '/')) return answerWithExpress(req, res);
    const step = (index: number) => (error?: unknown) => {
      if (error !== undefined) {
        logger.error(`${req.method} request failed before its answer: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) res.writeHead(500);
        return void res.end();
      }
      if (index === chain.length) return direct.answer(req, res);
      chain[index](req, res, step(index + 1));
    };
    step(0)();
  });
}
