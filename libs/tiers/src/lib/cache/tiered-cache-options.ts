import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { InvalidationBus } from '../core/invalidation-bus';
import type { SourceAdmission } from '../admission/source-admission';
import type { PlacementPolicy } from '../core/placement-policy';
import type { LoadCostMeter } from './cache-observer';
import type { ClusterSingleFlightOptions } from './cluster-single-flight';
import type { HotTierStore, PersistentTierStore } from '../core/tier-store';
import {
  DEFAULT_CIRCUIT_BREAKER_OPTIONS,
  type CircuitBreakerOptions,
} from '../resilience/circuit-breaker';

export const DEFAULT_BUS_DOWN_HOT_TTL_MS = 5_000;

/** How the tiered cache behaves; every figure has a default. */
export interface TieredCacheSettings {
  /** Names this replica on the bus, so that it can ignore its own invalidations coming back. */
  replicaId: string;
  /** How long after expiry a value may still answer, marked stale, when the loader fails. */
  graceSeconds: number;
  /** A load running longer than this is answered with a stale value, if there is one. */
  loaderSoftTimeoutMs: number;
  /** Reads of a key (counted by the hot tier) from which a hit below is copied one tier up. */
  promotionThreshold: number;
  /** One breaker per persistent tier. */
  breaker: CircuitBreakerOptions;
  /**
   * Fills of the shared tiers a load may answer before (write-behind); past this many pending,
   * a load answers once its own fill has landed.
   */
  writeBehindLimit: number;
  /**
   * While the bus cannot deliver, a hot entry answers for at most this long after it was loaded
   * or after the bus was last known to deliver, whichever is later: how stale another replica's
   * write can leave this one's hot tier then.
   */
  busDownHotTtlMs: number;
  /**
   * Whether a loaded entry whose home is below hot is also copied into the hot tier at once,
   * rather than only once its reads reach the promotion threshold. Off by default (the hot tier
   * then holds only what is read often); the context cache turns it on, where the warm tier
   * answering a key's second and third reads cost the workload 15-45 % of its reads in statements.
   */
  loadsLandInHot: boolean;
  /**
   * Entries at home in the hot tier that `close` hands down to the tier below at most (as fresh
   * evictions are), so that a replica starting next finds them in a shared tier; 0: none.
   */
  handOffOnClose: number;
}

export interface TieredCacheOptions extends Partial<Omit<TieredCacheSettings, 'breaker'>> {
  hot: HotTierStore;
  warm?: PersistentTierStore;
  cold?: PersistentTierStore;
  placement: PlacementPolicy;
  bus: InvalidationBus;
  clock: Clock;
  breaker?: Partial<CircuitBreakerOptions>;
  /** Cluster-wide single flight; unset: misses are single-flighted in this process only. */
  clusterSingleFlight?: ClusterSingleFlightOptions;
  /** Every loader call passes it: concurrency, queue, overload refusal and the hard timeout. */
  admission?: SourceAdmission;
  /** Measures each load's source statements into the entry's loadCost; unset: not measured. */
  loadCostMeter?: LoadCostMeter;
}

export function tieredCacheSettings(options: TieredCacheOptions): TieredCacheSettings {
  return {
    replicaId: options.replicaId ?? randomUUID(),
    graceSeconds: options.graceSeconds ?? 300,
    loaderSoftTimeoutMs: options.loaderSoftTimeoutMs ?? 1_000,
    promotionThreshold: options.promotionThreshold ?? 2,
    breaker: { ...DEFAULT_CIRCUIT_BREAKER_OPTIONS, ...options.breaker },
    writeBehindLimit: options.writeBehindLimit ?? 256,
    busDownHotTtlMs: options.busDownHotTtlMs ?? DEFAULT_BUS_DOWN_HOT_TTL_MS,
    loadsLandInHot: options.loadsLandInHot ?? false,
    handOffOnClose: options.handOffOnClose ?? 10_000,
  };
}
