import { type ConsoleRecord, MOST_CONSOLE_RECORDS_PER_EVENT } from '@fapi/nats-contract';

/**
 * Where recorded requests go, a batch at a time (the records waiting, oldest first): the console's store (the AS, one
 * multi-row insert per batch), or NATS events (the bank).
 */
export type ConsoleRecordSink = (records: ConsoleRecord[]) => Promise<void>;

/** How many records may wait for the sink; beyond it new ones are dropped (a slow store never grows memory). */
export const RECORDING_QUEUE_LIMIT = 1_000;

/** The most records handed to the sink at once (one insert's rows, one NATS event's records). */
export const RECORDING_BATCH_LIMIT = MOST_CONSOLE_RECORDS_PER_EVENT;

/** How a failure to record is told: once per run of failures, never with the record's content. */
export interface RecordingLog {
  warn(message: string): void;
}

/**
 * How long the first record of a batch waits for others before the batch goes to the sink: an insert (or a NATS
 * event) per request cost the AS ~1 ms of CPU per bank read (issue 11); a tenth of a second is nothing to a developer
 * reading the console.
 */
export const RECORDING_BATCH_WAIT_MS = 100;

/**
 * Records requests without ever slowing or failing them: `record` only queues (bounded) and returns. The first record
 * of a batch waits RECORDING_BATCH_WAIT_MS for others, or until a full batch (RECORDING_BATCH_LIMIT) waits; then the
 * sink is handed every record waiting (up to the limit), in order. Records that arrive while a batch is being stored
 * wait their moment too, unless a full batch waits: handed over as soon as the last was stored, a batch under load held
 * only the few requests of one insert's round trip, and each batch costs a statement and a trim (issue 11). `settled`
 * hands over what waits at once (the application's shutdown awaits it: nothing queued is lost). A failing sink is
 * logged once until it succeeds again, and its batch is dropped: the console is a debugging aid, the request already
 * got its answer.
 */
export class RecordingQueue {
  private readonly waiting: ConsoleRecord[] = [];
  private draining?: Promise<void>;
  private batchTimer?: NodeJS.Timeout;
  private failing = false;
  private dropped = 0;

  constructor(
    private readonly sink: ConsoleRecordSink,
    private readonly log: RecordingLog,
    private readonly limit = RECORDING_QUEUE_LIMIT,
    private readonly batchLimit = RECORDING_BATCH_LIMIT,
    private readonly batchWaitMs = RECORDING_BATCH_WAIT_MS,
  ) {}

  record(record: ConsoleRecord): void {
    if (this.waiting.length >= this.limit) {
      if (this.dropped++ === 0) this.log.warn(`console recording queue full (${this.limit}): dropping records until it drains`);
      return;
    }
    this.waiting.push(record);
    if (!this.draining) this.handOverWhenDue();
  }

  /** Hands every record queued so far to the sink now, and resolves once it has (tests, shutdown). */
  async settled(): Promise<void> {
    for (;;) {
      if (this.batchTimer) this.startDraining();
      if (!this.draining) return;
      await this.draining;
    }
  }

  /** A full batch goes now; fewer wait their moment for others. */
  private handOverWhenDue(): void {
    if (this.waiting.length >= this.batchLimit) this.startDraining();
    else if (this.waiting.length > 0) this.batchSoon();
  }

  private batchSoon(): void {
    if (this.batchTimer) return;
    this.batchTimer = setTimeout(() => this.startDraining(), this.batchWaitMs);
    this.batchTimer.unref();
  }

  private startDraining(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.draining ??= this.storeOneBatch().finally(() => {
      this.draining = undefined;
      this.handOverWhenDue();
    });
  }

  private async storeOneBatch(): Promise<void> {
    const batch = this.waiting.splice(0, this.batchLimit);
    try {
      await this.sink(batch);
      this.failing = false;
      this.dropped = 0;
    } catch (error) {
      if (!this.failing) this.log.warn(`console records cannot be stored: ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
    }
  }
}
