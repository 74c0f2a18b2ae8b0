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
 * Resolves when the NATS server at `natsUrl` accepts a connection (closed at once), and is part of a cluster when the
 * service's streams are to live on more than one node (`streamReplicas`, NATS_STREAM_REPLICAS); otherwise throws
 * NatsUnreachable, or an Error naming the setting. Services check this before they start: the same faults met inside
 * their start are a bare "connection refused", or the refusal of the first stream long after the start (the AS's).
 */
export async function assertNatsAnswers(natsUrl: string, { streamReplicas = 1 }: { streamReplicas?: number } = {}): Promise<void> {
  let cluster: string | undefined;
  try {
    const connection = await connect({ servers: [natsUrl], reconnect: false, timeout: CONNECT_TIMEOUT_MS, name: 'startup-check' });
    cluster = connection.info?.cluster;
    await connection.close();
  } catch (error) {
    throw new NatsUnreachable(natsUrl, error);
  }
  if (streamReplicas > 1 && !cluster) {
    throw new Error(`NATS at ${natsUrl} is not part of a cluster, so NATS_STREAM_REPLICAS ${streamReplicas} cannot be kept: set it to 1, or NATS_URL to a JetStream cluster`);
  }
}
