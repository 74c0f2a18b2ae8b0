/**
 * What a test set up, undone in reverse order when it ends: every step runs even when an earlier one fails, since a
 * server or connection left open keeps jest from exiting, and a failing spec would then hang CI instead of failing it.
 */
export class Teardown {
  private readonly steps: (() => unknown)[] = [];

  /** Registers `undo` to run at teardown (after everything registered later); returns `value` for set-up chains. */
  add<T>(value: T, undo: (value: T) => unknown): T {
    this.steps.push(() => undo(value));
    return value;
  }

  /** Runs every registered step, latest first, once; then throws the first failure, if any. */
  async run(): Promise<void> {
    const failures: unknown[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} teardown steps failed`);
  }
}
