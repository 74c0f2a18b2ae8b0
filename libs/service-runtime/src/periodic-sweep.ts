import type { Logger } from '@nestjs/common';

/**
 * Work a service does on a timer of each instance, never on the way of a request (deleting rows that no longer protect
 * anything, expiring what is overdue): a failure (a lost database connection) is one warning, the next tick trying
 * again, and a failure (a lost database connection) is one warning, the next tick trying again. A tick that finds
 * the last sweep still running skips (sweeps never pile up behind a slow database), and stopping waits for a sweep
 * already sent, so that none runs after shutdown (against a closing pool, or deleting rows written since).
 */
export class PeriodicSweep {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    /** What is swept, as the warning names it ("expired DPoP proof jti rows"). */
    private readonly what: string,
    private readonly sweep: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweepQuietly().finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweepQuietly(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn(`sweeping ${this.what} failed: ${(error as Error).message}`);
    }
  }
}
