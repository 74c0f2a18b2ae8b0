export interface AnnouncedChangeCacheOptions {
  /**
   * The longest an entry is served without reading the shared state again: the bound on how long an instance that
   * missed a change announcement (NATS away at that moment) serves the value as it was.
   */
  maxAgeMs: number;
  /** Entries kept at most; the least recently read go first. */
  maxEntries: number;
}

/**
 * Values read from state every instance shares (a database, another service), kept by one instance until a change of
 * one is announced to every instance (`forget`), and at the latest `maxAgeMs` after they were read. A read that began
 * before a change must not keep what it read (it may be the old value): take `readBegins()` before reading and pass it
 * to `keep`, which then keeps nothing. At most `maxEntries`, the least recently read going first.
 */
export class AnnouncedChangeCache<Value> {
  private readonly entries = new Map<string, { value: Value; readAt: number }>();
  /** Bumped by every forget. */
  private generation = 0;

  constructor(
    private readonly options: AnnouncedChangeCacheOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Where a read begins: pass it to `keep` with what the read found. */
  readBegins(): number {
    return this.generation;
  }

  get(key: string): Value | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.now() - entry.readAt > this.options.maxAgeMs) return undefined;
    this.entries.set(key, entry); // most recently read last
    return entry.value;
  }

  /** Keeps what a read found, unless a change was announced since the read began. */
  protected keep(key: string, value: Value, readBegan: number): void {
    if (readBegan !== this.generation) return;
    this.entries.delete(key);
    this.entries.set(key, { value, readAt: this.now() });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  forget(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }
}
