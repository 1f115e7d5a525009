import type { HotDeparture } from '../core/tier-store';
import type { CacheSource } from './strata-cache';

/** One key answered to a caller, as the cache observed it. */
export interface CacheAnswer {
  /** Unknown for a lookup by key alone (get, getMany) that found nothing. */
  type?: string;
  source: CacheSource;
  /**
   * The source statements the load that built the answering entry ran, when it was measured:
   * what an answer served from a tier saved.
   */
  loadCost?: number;
  /** Wall time from the request to its answer (real time, not the cache's clock). */
  seconds: number;
  /** The loader failed and nothing answered instead. */
  failed?: boolean;
}

/**
 * What observability listens to: every answer, and every entry leaving the hot tier. Methods are
 * optional so that a listener takes only what it needs; a listener must not throw.
 */
export interface CacheObserver {
  answered?(answer: CacheAnswer): void;
  departed?(departure: HotDeparture): void;
}

/**
 * Measures the source statements a unit of work runs (even with other work running at once), so
 * that each entry records its load cost when it is loaded.
 */
export interface LoadCostMeter {
  measure<T>(work: () => Promise<T>): Promise<{ result: T; cost: number }>;
}
