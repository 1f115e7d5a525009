import type { InvalidationScope } from './invalidation-scope';
import type { PersistentTier } from './persistent-tier';

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

  async invalidate(scope: InvalidationScope): Promise<number> {
    if (this.groups.length <= 1) {
      return this.invalidateGroup(this.groups[0] ?? [], scope);
    }
    let removed = 0;
    for (const group of this.groups) {
      removed += await this.invalidateGroup(group, scope);
    }
    for (const group of this.groups.slice(0, -1)) {
      removed += await this.invalidateGroup(group, scope);
    }
    return removed;
  }

  private invalidateGroup(
    group: readonly PersistentTier[],
    scope: InvalidationScope,
  ): Promise<number> {
    const [first, ...rest] = group;
    return first === undefined ? Promise.resolve(0) : first.invalidate(scope, rest);
  }
}
