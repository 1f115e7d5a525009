/**
 * Values waiting for the next flush, at most `capacity` distinct keys. A new key beyond capacity
 * is dropped and counted rather than stored: the aggregator's memory stays bounded however many
 * distinct keys arrive between two flushes (a flush is requested well before this happens).
 */
export class BoundedPending<V> {
  private entries = new Map<string, V>();
  /** Values refused because the map was full. */
  dropped = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * Updates the value under `key` in place, creating it first when absent; false when it had to
   * be dropped. In place, because this runs on every read.
   */
  upsert(key: string, create: () => V, update: (value: V) => void): boolean {
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      update(existing);
      return true;
    }
    if (this.entries.size >= this.capacity) {
      this.dropped += 1;
      return false;
    }
    this.entries.set(key, create());
    return true;
  }

  /** Everything pending, leaving the map empty. */
  drain(): Map<string, V> {
    const drained = this.entries;
    this.entries = new Map();
    return drained;
  }
}
