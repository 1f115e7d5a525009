import type { TierName } from '../core/cache-entry';
import type { LoadRequest } from './strata-cache';

/** A load asked for ahead of any read, through the same path as a miss. */
export interface WarmRequest<T = unknown> extends LoadRequest<T> {
  /** The warming strategy asking: the entry it stores carries it as `warmedBy`. */
  strategy: string;
  /**
   * Reload even though a fresh entry is present (refresh-ahead); otherwise a key that some tier
   * holds fresh, or that a load is already under way for, is left alone and costs nothing.
   */
  refresh?: boolean;
}

/**
 * present: a tier already held it fresh, or a load was under way (nothing loaded). loaded: the
 * loader ran and the entry went to its home tier. overtaken: an invalidation covering the key came
 * while it loaded, so nothing was stored. failed: the loader failed or was refused. disabled: the
 * cache is off.
 */
export type WarmOutcome = 'present' | 'loaded' | 'overtaken' | 'failed' | 'disabled';

export interface WarmResult {
  outcome: WarmOutcome;
  /** The entry now cached (present or loaded), when there is one: its value and expiry. */
  json?: string;
  expiresAt?: number;
  /**
   * Source statements this process's load ran (loaded or overtaken; 0 when another process
   * loaded it and its value was taken from a shared tier), when a meter measured them.
   */
  statements?: number;
}

/** A read answered by a fresh entry, as refresh-ahead and warming success see it. */
export interface FreshHit {
  key: string;
  type: string;
  tier: TierName;
  createdAt: number;
  expiresAt: number;
  warmedBy?: string;
}

export type FreshHitListener = (hit: FreshHit) => void;
