import { connect } from '@nats-io/transport-node';

/** How long a service waits for NATS to answer before it refuses to start. */
const CONNECT_TIMEOUT_MS = 5_000;

/** Why a service cannot start without NATS, in one line naming the server it tried and what to do. */
export class NatsUnreachable extends Error {
  override readonly name = 'NatsUnreachable';
  constructor(natsUrl: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`NATS at ${natsUrl} does not answer (${reason}): start it with JetStream (bash infra/scripts/ensure-local-services.sh) or set NATS_URL`, { cause });
  }
}

/**
 * Resolves when the NATS server at `natsUrl` accepts a connection (closed at once); otherwise throws NatsUnreachable.
 * Services check this before they start: the same fault met inside their start is a bare "connection refused".
 */
export async function assertNatsAnswers(natsUrl: string): Promise<void> {
  try {
    const connection = await connect({ servers: [natsUrl], reconnect: false, timeout: CONNECT_TIMEOUT_MS, name: 'startup-check' });
    await connection.close();
  } catch (error) {
    throw new NatsUnreachable(natsUrl, error);
  }
}
