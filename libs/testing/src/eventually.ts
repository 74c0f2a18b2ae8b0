/** Polls `attempt` until it returns a value (not undefined), at most `attempts` times `intervalMs` apart. */
export async function eventually<T>(
  attempt: () => T | undefined | Promise<T | undefined>,
  what: string,
  { attempts = 150, intervalMs = 100 } = {},
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await attempt();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}
