import type { CacheEntry } from '../core/cache-entry';
import type { InvalidationEpochs } from './invalidation-epochs';
import type { TierStamps } from './tier-stamps';
import { loadedValue, type Loaded } from './loaded-value';
import type { EntryOptions, LoadBasis } from './strata-cache';

/** A basis with nothing to build on: the pass-through cache's, and any load's without tiers. */
export const NO_LOAD_BASIS: LoadBasis = {
  sharedValue: async () => undefined,
  offer: () => undefined,
};

/**
 * A value offered through a load's basis, to be stored as an entry of its own; made into its JSON
 * text only when it is stored, behind the load's answer.
 */
export interface OfferedEntry {
  key: string;
  type: string;
  loaded(): Loaded;
}

/**
 * Looks a key up in the shared tiers for an operation: a fresh entry no invalidation outdates,
 * with the stamps of the snapshot it was read from; or undefined.
 */
export type SharedLookup = (
  key: string,
  operation: number,
) => Promise<{ entry: CacheEntry; stamps: TierStamps } | undefined>;

/**
 * One load's basis (see LoadBasis): it reads the shared tiers under the load's operation, so an
 * entry an invalidation since the load began covers is never handed out, and remembers every
 * entry it handed out, so that the load can be made to depend on them and be dropped when one of
 * them is invalidated before the value is stored. The shared tiers are exact (every write deletes
 * from them before it returns, and their conditional writes refuse what was loaded before an
 * invalidation), so a value built on them is as current as one read from the source at that
 * moment: its life starts when it is built, as a loaded value's does.
 */
export class SharedLoadBasis implements LoadBasis {
  private readonly used: Array<{ entry: CacheEntry; stamps: TierStamps }> = [];
  private readonly offers: OfferedEntry[] = [];

  constructor(
    private readonly lookup: SharedLookup,
    private readonly epochs: InvalidationEpochs,
    private readonly operation: number,
  ) {}

  async sharedValue(key: string): Promise<string | undefined> {
    const found = await this.lookup(key, this.operation);
    if (found !== undefined) {
      this.used.push(found);
    }
    return found?.entry.json;
  }

  offer<T>(key: string, value: T, options: EntryOptions<T>): void {
    this.offers.push({ key, type: options.type, loaded: () => loadedValue(key, value, options) });
  }

  /** What the loader offered, in order. */
  offered(): readonly OfferedEntry[] {
    return this.offers;
  }

  /**
   * The loaded value's own dependencies and those of every entry it was built on: an
   * invalidation that would remove one of them removes the value too.
   */
  dependencies(own: readonly string[]): readonly string[] {
    if (this.used.length === 0) {
      return own;
    }
    const all = new Set(own);
    for (const { entry } of this.used) {
      entry.dependencies.forEach((dependency) => all.add(dependency));
    }
    return [...all];
  }

  /**
   * Whether an invalidation since the load began covers an entry the value was built on, by any
   * scope (its key or type too, which the value's own dependencies would not show), unless the
   * entry was read from a snapshot the invalidation had already reached.
   */
  overtaken(): boolean {
    return this.used.some(({ entry, stamps }) =>
      this.epochs.isOutdated(entry, this.operation, stamps),
    );
  }
}
