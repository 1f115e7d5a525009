export interface Access {
  key: string;
  hits: number;
  lastAccessAt: number;
}

/**
 * The reads not yet written back: hit counts and last access feed the worth score, but writing
 * them on every read would turn each read into a write, so they are written in batches.
 */
export class AccessLog {
  private pending = new Map<string, Access>();

  record(key: string, at: number): void {
    const access = this.pending.get(key);
    if (access) {
      access.hits++;
      access.lastAccessAt = Math.max(access.lastAccessAt, at);
    } else {
      this.pending.set(key, { key, hits: 1, lastAccessAt: at });
    }
  }

  get size(): number {
    return this.pending.size;
  }

  /** Empties the log; sorted by key so concurrent batches lock rows in the same order. */
  take(): Access[] {
    const accesses = [...this.pending.values()].sort((a, b) => a.key.localeCompare(b.key));
    this.pending = new Map();
    return accesses;
  }
}
