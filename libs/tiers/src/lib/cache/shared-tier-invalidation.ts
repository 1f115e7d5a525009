import type { InvalidationScope } from './invalidation-scope';
import type { PersistentTier } from './persistent-tier';
import { TierStamps } from './tier-stamps';

/** What an invalidation did in the shared tiers. */
export interface SharedInvalidation {
  removed: number;
  /** Per domain reached, the stamp it left: see `TierInvalidation.stamp`. */
  applied: TierStamps;
}

/**
 * Invalidates the persistent tiers so that no move between them (a promotion from cold to warm,
 * a demotion from warm to cold) can carry a value the invalidation removed back in after it.
 *
 * Tiers of one stamp domain (both in one database) are invalidated in one store call, atomic
 * across them: a move's stamp then orders it exactly against the invalidation. Tiers of two
 * domains (warm in Redis, cold in the database) cannot change together, so they are invalidated
 * top-down and the upper ones once more at the end (warm, cold, warm): a value read from one
 * tier before its turn is refused by, or deleted by, a later turn in the tier it moves to,
 * whichever way it moves, since each move's stamp for its destination is taken before its read.
 */
export class SharedTierInvalidation {
  private readonly groups: PersistentTier[][];

  constructor(tiers: readonly PersistentTier[]) {
    const byDomain = new Map<string, PersistentTier[]>();
    for (const tier of tiers) {
      byDomain.set(tier.stampDomain, [...(byDomain.get(tier.stampDomain) ?? []), tier]);
    }
    this.groups = [...byDomain.values()];
  }

  /**
   * Entries removed, and the stamp each domain's invalidation left there (the highest, where it
   * ran twice); a domain that could not be reached is absent, its tiers replay the scope later.
   */
  async invalidate(scope: InvalidationScope): Promise<SharedInvalidation> {
    const passes =
      this.groups.length <= 1 ? this.groups : [...this.groups, ...this.groups.slice(0, -1)];
    let removed = 0;
    let applied = TierStamps.none;
    for (const group of passes) {
      const [first, ...rest] = group;
      const done = await first?.invalidate(scope, rest);
      if (first !== undefined && done !== undefined) {
        removed += done.removed;
        applied = applied.with(first.stampDomain, done.stamp);
      }
    }
    return { removed, applied };
  }
}
