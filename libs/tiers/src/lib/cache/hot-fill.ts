import type { TierName } from '../core/cache-entry';

/**
 * Start-up warming's order: copy what the persistent tiers hold for these keys into the hot tier.
 * No loader is named, so none can run: a key that no shared tier holds fresh stays out.
 */
export interface HotFillRequest {
  keys: readonly string[];
  /** The copies carry it as `warmedBy` in the hot tier (their success is the strategy's). */
  strategy: string;
  /** Bytes (entrySizeBytes) the copies may take in all; a key past it is left `over-budget`. */
  maxBytes: number;
}

/**
 * copied: a fresh entry of a persistent tier is now in the hot tier too. present: the hot tier
 * already held the key fresh. absent: no persistent tier holds it. expired: only expired copies
 * were found. outdated: what was found is older than an invalidation this replica has heard of.
 * refused: the hot tier did not admit it (too large for its type's budget). over-budget: the
 * request's byte allowance was used up first. unavailable: no persistent tier answered.
 * disabled: the cache is off.
 */
export type HotFillOutcome =
  | 'copied'
  | 'present'
  | 'absent'
  | 'expired'
  | 'outdated'
  | 'refused'
  | 'over-budget'
  | 'unavailable'
  | 'disabled';

export interface HotFill {
  key: string;
  outcome: HotFillOutcome;
  /** For a copy: the tier it came from, its size, and its entry's load and expiry times. */
  from?: Exclude<TierName, 'hot'>;
  bytes?: number;
  createdAt?: number;
  expiresAt?: number;
}
