/**
 * One line per start-up stage: `✓ <stage>  <what it did>  (<seconds>)`. On a terminal the stage shows while it runs
 * and its line is completed in place.
 */
export class Progress {
  private readonly startedAt = performance.now();

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {}

  /** `interrupted`: whether a failure is only the stop request cutting the stage short (no ✗ line then). */
  async stage<T>(label: string, run: () => Promise<T>, outcome: (result: T) => string, interrupted = () => false): Promise<T> {
    const began = performance.now();
    if (this.out.isTTY) this.out.write(`… ${label}`);
    try {
      const result = await run();
      this.finish('✓', label, `${outcome(result)}  (${seconds(performance.now() - began)})`);
      return result;
    } catch (error) {
      if (interrupted()) this.clearLine();
      else this.finish('✗', label, `failed after ${seconds(performance.now() - began)}`);
      throw error;
    }
  }

  /** Time since the launcher started. */
  elapsed(): string {
    return seconds(performance.now() - this.startedAt);
  }

  private clearLine(): void {
    if (this.out.isTTY) this.out.write('\r\x1b[K');
  }

  private finish(mark: string, label: string, detail: string): void {
    this.clearLine();
    this.out.write(`${mark} ${label.padEnd(22)} ${detail}\n`);
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
