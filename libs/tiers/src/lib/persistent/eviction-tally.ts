/** Entries this store instance evicted, per type (other replicas count their own). */
export class EvictionTally {
  private readonly counts = new Map<string, number>();

  add(type: string, evicted: number): void {
    if (evicted > 0) {
      this.counts.set(type, (this.counts.get(type) ?? 0) + evicted);
    }
  }

  get byType(): ReadonlyMap<string, number> {
    return this.counts;
  }
}
