import { Logger } from '@nestjs/common';

/** After a loss is logged, further ones are only counted this long: a failover drops every pooled connection at once. */
export const LOST_CONNECTION_QUIET_MS = 30_000;

/**
 * The listener for the 'error' event of a node-postgres pool or client. A connection the server closed (restart,
 * failover, `pg_terminate_backend`: 57P01) emits 'error', and an 'error' event nobody listens to ends the process; the
 * pool drops the connection and the next query opens another, so the loss is only logged: once per burst, with how
 * many more came since the last report.
 */
export function reportLostConnections(owner: string, now: () => number = Date.now): (error: Error) => void {
  const logger = new Logger(owner);
  let quietUntil = 0;
  let unreported = 0;
  return (error) => {
    if (now() < quietUntil) {
      unreported++;
      return;
    }
    const code = (error as { code?: string }).code;
    const more = unreported ? `; ${unreported} more lost since the last report` : '';
    logger.warn(`database connection lost (${code ? `${code}: ` : ''}${error.message}), a new one is opened for the next query${more}`);
    unreported = 0;
    quietUntil = now() + LOST_CONNECTION_QUIET_MS;
  };
}
