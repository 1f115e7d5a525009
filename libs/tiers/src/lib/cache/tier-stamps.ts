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
}
