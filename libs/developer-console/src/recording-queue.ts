import type { ConsoleRecord } from '@fapi/nats-contract';

/** Where recorded requests go: the console's store (the AS), or a NATS event (the bank). */
export type ConsoleRecordSink = (record: ConsoleRecord) => Promise<void>;

/** How many records may wait for the sink; beyond it new ones are dropped (a slow store never grows memory). */
export const RECORDING_QUEUE_LIMIT = 1_000;

/** How a failure to record is told: once per run of failures, never with the record's content. */
export interface RecordingLog {
  warn(message: string): void;
}

/**
 * Records requests without ever slowing or failing them: `record` only queues (bounded) and returns; one loop hands the
 * queue to the sink in order. A failing sink is logged once until it succeeds again, and its record is dropped: the
 * console is a debugging aid, the request already got its answer.
 */
export class RecordingQueue {
  private readonly waiting: ConsoleRecord[] = [];
  private draining?: Promise<void>;
  private failing = false;
  private dropped = 0;

  constructor(
    private readonly sink: ConsoleRecordSink,
    private readonly log: RecordingLog,
    private readonly limit = RECORDING_QUEUE_LIMIT,
  ) {}

  record(record: ConsoleRecord): void {
    if (this.waiting.length >= this.limit) {
      if (this.dropped++ === 0) this.log.warn(`console recording queue full (${this.limit}): dropping records until it drains`);
      return;
    }
    this.waiting.push(record);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  /** Resolves once every record queued so far was handed to the sink (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    for (let record = this.waiting.shift(); record; record = this.waiting.shift()) {
      try {
        await this.sink(record);
        this.failing = false;
        this.dropped = 0;
      } catch (error) {
        if (!this.failing) this.log.warn(`console records cannot be stored: ${error instanceof Error ? error.message : String(error)}`);
        this.failing = true;
      }
    }
  }
}
