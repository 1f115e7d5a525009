import type { Stamp } from '../core/tier-store';

/**
 * The stamps an operation took, one per stamp domain, each from a read of that domain made
 * before the value it writes was obtained. Immutable: an entry keeps the stamps it was obtained
 * under even when the operation reads on. A later read of the same domain replaces the earlier
 * stamp: within a domain an invalidation is atomic across tiers, so the latest snapshot is
 * exact for everything read in it or before it.
 */
export class TierStamps {
  static readonly none = new TierStamps(new Map());

  private constructor(private readonly byDomain: ReadonlyMap<string, Stamp>) {}

  with(domain: string, stamp: Stamp): TierStamps {
    return new TierStamps(new Map(this.byDomain).set(domain, stamp));
  }

  /** The stamp for a write into the domain, or undefined when the operation never read it. */
  of(domain: string): Stamp | undefined {
    return this.byDomain.get(domain);
  }

  /** The stamps as a record, for a message to other replicas. */
  toRecord(): Record<string, Stamp> {
    return Object.fromEntries(this.byDomain);
  }

  static fromRecord(record: Readonly<Record<string, Stamp>>): TierStamps {
    return new TierStamps(new Map(Object.entries(record)));
  }

  get empty(): boolean {
    return this.byDomain.size === 0;
  }

  /**
   * Whether some domain of `applied` (the stamps an invalidation left) was read here at or after
   * its stamp: this operation read that domain after the invalidation, so after its write.
   */
  readAfter(applied: TierStamps): boolean {
    for (const [domain, stamp] of applied.byDomain) {
      if ((this.byDomain.get(domain) ?? -Infinity) >= stamp) {
        return true;
      }
    }
    return false;
  }

  /**
   * The stamps that prove an operation read after both invalidations: the domains both reached,
   * each at the higher stamp.
   */
  after(other: TierStamps): TierStamps {
    const both = new Map<string, Stamp>();
    for (const [domain, stamp] of this.byDomain) {
      const theirs = other.byDomain.get(domain);
      if (theirs !== undefined) {
        both.set(domain, Math.max(stamp, theirs));
      }
    }
    return new TierStamps(both);
  }
}
