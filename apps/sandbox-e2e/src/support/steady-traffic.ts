import type { HttpAnswer } from './independent-tpp';

/** One request of the traffic and how it went: its status, or `failed` with the transport error (reset, refused…). */
export interface TrafficAnswer {
  kind: string;
  startedAt: number;
  endedAt: number;
  status: number | 'failed';
  answer?: HttpAnswer;
  error?: string;
}

/** A kind of request the traffic sends, e.g. a TPP reading accounts. */
export interface TrafficRequest {
  kind: string;
  send: () => Promise<HttpAnswer>;
}

/**
 * Steady traffic, as TPPs make it while an operator breaks something: `lanes` loops, each sending the next request
 * of `requests` in turn every `everyMs`, recording every answer (or transport failure) with its timing.
 */
export class SteadyTraffic {
  readonly answers: TrafficAnswer[] = [];
  private running = true;
  private readonly loops: Promise<void>[];
  private next = 0;

  constructor(
    private readonly requests: TrafficRequest[],
    { lanes = 2, everyMs = 400 } = {},
  ) {
    this.loops = Array.from({ length: lanes }, () => this.loop(everyMs));
  }

  private async loop(everyMs: number): Promise<void> {
    while (this.running) {
      const { kind, send } = this.requests[this.next++ % this.requests.length];
      const startedAt = Date.now();
      try {
        const answer = await send();
        this.answers.push({ kind, startedAt, endedAt: Date.now(), status: answer.status, answer });
      } catch (error) {
        this.answers.push({ kind, startedAt, endedAt: Date.now(), status: 'failed', error: String((error as Error & { code?: string }).code ?? error) });
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }

  /** Stops sending; resolves with every answer once the requests in flight have ended. */
  async stop(): Promise<TrafficAnswer[]> {
    this.running = false;
    await Promise.all(this.loops);
    return this.answers;
  }
}

/** What a test sees of an answer when an assertion about it fails. */
export const described = ({ kind, status, startedAt, endedAt, answer, error }: TrafficAnswer) =>
  `${kind} ${status} in ${endedAt - startedAt} ms ${error ?? answer?.text.slice(0, 200) ?? ''}`;
