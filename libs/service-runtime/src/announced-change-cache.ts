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
 * one is announced to every instance (`forget`), and at the latest `maxAgeMs` after they were read. `getOrRead` reads
 * what is not kept, once for every caller asking meanwhile, and keeps what `keepable` allows unless a change was
 * announced while the read was on its way (it may have found the old value). At most `maxEntries`, the least recently
 * read going first.
 */
export abstract class AnnouncedChangeCache<Value> {
  private readonly entries = new Map<string, { value: Value; readAt: number }>();
  /** The reads on their way, by key, each with the generation it began in. */
  private readonly reads = new Map<string, { generation: number; value: Promise<Value | undefined> }>();
  /** Bumped by every forget. */
  private generation = 0;

  constructor(
    private readonly options: AnnouncedChangeCacheOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** What of a value read is kept and handed out (a frozen copy, say), or undefined when it must not be kept. */
  protected abstract keepable(value: Value): Value | undefined;

  get(key: string): Value | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.now() - entry.readAt > this.options.maxAgeMs) return undefined;
    this.entries.set(key, entry); // most recently read last
    return entry.value;
  }

  /**
   * The kept value of `key`, else what `read` finds. Callers asking while a read of `key` is on its way share it (when
   * an entry expires under load, one read goes to the shared state, not one per request meanwhile), unless a change was
   * announced since that read began: they read anew. A read that fails is not kept; each of its callers gets the error.
   */
  getOrRead(key: string, read: () => Promise<Value | undefined>): Promise<Value | undefined> {
    const kept = this.get(key);
    if (kept !== undefined) return Promise.resolve(kept);
    const onItsWay = this.reads.get(key);
    if (onItsWay && onItsWay.generation === this.generation) return onItsWay.value;
    const generation = this.generation;
    const value = read().then((found) => {
      if (found === undefined) return undefined;
      const handedOut = this.keepable(found);
      if (handedOut === undefined) return found;
      if (generation === this.generation) this.keep(key, handedOut);
      return handedOut;
    });
    const reading = { generation, value };
    this.reads.set(key, reading);
    const done = () => {
      if (this.reads.get(key) === reading) this.reads.delete(key);
    };
    value.then(done, done);
    return value;
  }

  forget(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  private keep(key: string, value: Value): void {
    this.entries.delete(key);
    this.entries.set(key, { value, readAt: this.now() });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}
