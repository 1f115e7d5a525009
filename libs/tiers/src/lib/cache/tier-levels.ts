import { TIER_NAMES, type TierName } from '../core/cache-entry';
import type { HotTierStore } from '../core/tier-store';
import type { PersistentTier } from './persistent-tier';

/** The configured tiers numbered from the top: level 0 is hot, then warm and cold when present. */
export class TierLevels {
  constructor(
    readonly hot: HotTierStore,
    readonly persistent: readonly PersistentTier[],
  ) {}

  /** The level below which nothing is kept: what it evicts is dropped. */
  get lowest(): number {
    return this.persistent.length;
  }

  nameAt(level: number): TierName {
    return level === 0 ? 'hot' : this.persistentAt(level).name;
  }

  persistentAt(level: number): PersistentTier {
    const tier = this.persistent[level - 1];
    if (tier === undefined) {
      throw new RangeError(`No persistent tier at level ${level}`);
    }
    return tier;
  }

  /** The level of `tier` if configured, else of the nearest configured tier below it, else the lowest. */
  levelFor(tier: TierName): number {
    const rank = TIER_NAMES.indexOf(tier);
    for (let level = 0; level <= this.lowest; level++) {
      if (TIER_NAMES.indexOf(this.nameAt(level)) >= rank) {
        return level;
      }
    }
    return this.lowest;
  }

  named(name: 'warm' | 'cold'): PersistentTier | undefined {
    return this.persistent.find((tier) => tier.name === name);
  }
}
