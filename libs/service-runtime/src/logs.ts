import cluster from 'node:cluster';
import type { ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { ExecutionContext, LoggerService, PreRequestHook } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import type { MsgHdrs } from '@nats-io/transport-node';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import { type Logger, pino } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { Observable } from 'rxjs';
import { currentInteraction, INTERACTION_ID_HEADER, interactionIdFrom, runInInteraction } from '@fapi/nats-contract';
import { type ExpressRequest, routeTemplate } from './operations/http-metrics';
import { OPERATIONS_PATHS } from './operations/operations.module';

/**
 * Names of fields whose values never reach a log line, wherever a line carries them (a top-level field, or one or
 * two levels down: `err.config.headers.authorization` is deeper, and nothing here logs such objects). Request bodies,
 * query strings and headers are not logged at all; this is the net under that rule.
 */
const SECRET_FIELDS = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'dpop',
  'x-jws-signature',
  'password',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'client_assertion',
  'assertion',
  'key',
  'privateKey',
]);
const REDACTED = '[redacted]';
/** Levels below the line's own fields that are searched: 2, as pino's `*.*["field"]` paths did. */
const DEEPEST_LEVEL = 2;

/** A copy of `value` (an array, a plain object or an Error, which keeps its message and stack) with `key` replaced. */
function withField(value: object, key: string, replacement: unknown): object {
  if (Array.isArray(value)) return Object.assign([...value], { [key]: replacement });
  const copy = Object.create(Object.getPrototypeOf(value), Object.getOwnPropertyDescriptors(value)) as Record<string, unknown>;
  // V8's `stack` reads the error it was captured on: copied as it reads
  if (value instanceof Error) Object.defineProperty(copy, 'stack', { value: value.stack, writable: true, configurable: true });
  Object.defineProperty(copy, key, { value: replacement, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * `fields` with the value of every secret field replaced by "[redacted]", at its own level and two below; the object
 * itself when it holds none (what nearly every line is: nothing copied). The caller's objects are never changed.
 * Issue 11: pino's path redaction (45 paths with wildcards) cost ~30 µs per line, a twentieth of a token grant.
 */
export function redactSecrets<T>(fields: T, level = 0): T {
  if (typeof fields !== 'object' || fields === null) return fields;
  let result: object = fields;
  for (const key of Object.keys(fields)) {
    const value = (fields as Record<string, unknown>)[key];
    const redacted = SECRET_FIELDS.has(key) ? REDACTED : level < DEEPEST_LEVEL ? redactSecrets(value, level + 1) : value;
    if (redacted !== value) result = withField(result, key, redacted);
  }
  return result as T;
}

/**
 * The process's pino logger: one JSON line per event on stdout (what log collectors read), or pino-pretty's
 * coloured lines with `LOG_FORMAT=pretty` (what `npm start` sets when its terminal is a TTY). Every line made while
 * handling an HTTP request or a NATS message carries that interaction's `interactionId`, and every line of one instance
 * of several its `instance` number. Level: LOG_LEVEL (info).
 */
let processLogger: Logger | undefined;
export function serviceLogger(): Logger {
  processLogger ??= withRedactedChildBindings(
    pino(
      {
        level: process.env.LOG_LEVEL || 'info',
        // every line's fields (pino's own `redact`, with a path per field and level, cost ten times as much)
        formatters: { log: redactSecrets },
        // One instance of several (SERVICE_INSTANCES) says which it is: their lines share the service's log.
        ...(cluster.worker ? { base: { pid: process.pid, hostname: hostname(), instance: cluster.worker.id } } : {}),
        mixin: () => {
          const interaction = currentInteraction();
          return interaction ? { interactionId: interaction.interactionId } : {};
        },
      },
      // process.stdout writes synchronously to files, pipes and terminals: a line logged just before exit(1) is kept
      process.env.LOG_FORMAT === 'pretty' ? PinoPretty({ destination: process.stdout, sync: true }) : process.stdout,
    ),
  );
  return processLogger;
}

/**
 * The bindings of every child logger (nestjs-pino makes them) redacted as lines are: pino applies `formatters.bindings`
 * to the root's bindings only. Children inherit `child` from the root, so theirs are redacted too.
 */
function withRedactedChildBindings(root: Logger): Logger {
  const child = root.child;
  root.child = function (this: Logger, bindings, options) {
    return child.call(this, redactSecrets(bindings), options);
  } as Logger['child'];
  return root;
}

/** Nest's logger (every `new Logger(context)` of every lib) as pino lines through nestjs-pino, context in `context`. */
export function nestLogger(): LoggerService {
  const params = { pinoHttp: { logger: serviceLogger() } };
  return new NestPinoLogger(new PinoLogger(params), params);
}

/** Elapsed time in milliseconds, to a tenth. */
const millisecondsSince = (startedAt: number) => Math.round((performance.now() - startedAt) * 10) / 10;

/**
 * Runs each HTTP request in its interaction (the id the request carried when it is a UUID, else a fresh one: what
 * the bank answers with) and logs one line when its response ends: method, route template (never the path, which
 * carries ids, nor the query string, which carries codes and request_uris), status, latency. Headers and bodies are
 * never logged. Probes and scrapes (`/health/`, `/metrics`) are logged at debug: they come every few seconds.
 */
export function requestLog(routeOf?: (path: string) => string | undefined) {
  const logger = serviceLogger();
  return (req: ExpressRequest, res: ServerResponse, next: () => void): void => {
    const startedAt = performance.now();
    const interaction = { interactionId: interactionIdFrom(req.headers[INTERACTION_ID_HEADER]) };
    const operations = OPERATIONS_PATHS.test(req.url ?? '');
    res.once('close', () => {
      const line = {
        interactionId: interaction.interactionId,
        method: req.method,
        route: routeTemplate(req, routeOf),
        status: res.statusCode,
        latencyMs: millisecondsSince(startedAt),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (operations) logger.debug(line, 'request completed');
      else if (res.statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request completed');
    });
    runInInteraction(interaction, next);
  };
}

/** The interaction id a NATS message carries in its headers (a fresh one when it carries none). */
function interactionIdOf(context: ExecutionContext): string {
  const messageHeaders = context.switchToRpc().getContext<NatsContext>().getHeaders() as MsgHdrs | undefined;
  return interactionIdFrom(messageHeaders?.get(INTERACTION_ID_HEADER));
}

/**
 * Runs each NATS message handler in the interaction of the message's `x-fapi-interaction-id` header (see
 * NatsContractClient) and logs one line when it is handled: subject, latency, outcome. Payloads are never logged.
 */
export const natsMessageLog: PreRequestHook = (context, next) =>
  new Observable((subscriber) => {
    const logger = serviceLogger();
    const subject = context.switchToRpc().getContext<NatsContext>().getSubject();
    const interaction = { interactionId: interactionIdOf(context) };
    const startedAt = performance.now();
    const line = () => ({ interactionId: interaction.interactionId, subject, latencyMs: millisecondsSince(startedAt) });
    const subscription = runInInteraction(interaction, () =>
      next().subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => {
          logger.error({ ...line(), error: error instanceof Error ? error.message : String(error) }, 'NATS message failed');
          subscriber.error(error);
        },
        complete: () => {
          logger.info(line(), 'NATS message handled');
          subscriber.complete();
        },
      }),
    );
    return () => subscription.unsubscribe();
  });
