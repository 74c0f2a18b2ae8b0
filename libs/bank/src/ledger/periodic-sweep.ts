import type { Logger } from '@nestjs/common';

/**
 * Deletes a table's rows that no longer protect anything, on a timer of each bank instance: never on the way of a
 * request, and a failure (a lost database connection) is one warning, the next tick trying again.
 */
export class PeriodicSweep {
  private timer?: NodeJS.Timeout;

  constructor(
    /** What is swept, as the warning names it ("expired DPoP proof jti rows"). */
    private readonly what: string,
    private readonly sweep: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweepQuietly(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async sweepQuietly(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn(`sweeping ${this.what} failed: ${(error as Error).message}`);
    }
  }
}
