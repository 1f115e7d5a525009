import { TIER_NAMES, type TierName } from '../core/cache-entry';
import type { BusStats } from '../core/invalidation-bus';
import type { TierOccupancy, TierOccupancyReport } from '../core/tier-store';
import type { CircuitState } from '../resilience/circuit-breaker';
import type { CacheSource } from './strata-cache';

/**
 * One tier's figures. `hits`/`misses`: lookups in this tier that found a fresh entry or not (a
 * lookup that skipped the tier, its circuit open or its call failed, counts neither). `promotions`: entries copied into this
 * tier from the one below because they are read often. `demotions`: entries this tier evicted
 * while fresh and handed to the tier below. The rest is the store's own occupancy report.
 */
export interface TierTypeStats extends TierOccupancy {
  hits: number;
  misses: number;
  promotions: number;
  demotions: number;
}

export interface TierStats extends TierTypeStats {
  configured: boolean;
  /** The circuit breaker of a persistent tier; the hot tier has none. */
  circuit?: CircuitState;
  /** False when the store could not report its occupancy (its figures are then zero). */
  reachable: boolean;
}

/**
 * Answers given to callers. A request is a key asked for (getOrLoad, loadMany, get, getMany);
 * a hit was answered by a tier, a miss by the loader or by a stale value (also in `staleServed`).
 */
export interface AnswerStats {
  requests: number;
  hits: number;
  misses: number;
  staleServed: number;
  /** Loader calls: concurrent misses on one key share one. */
  loads: number;
  loaderFailures: number;
  /** Loads that outlasted the soft timeout while a stale value could answer instead. */
  loaderSoftTimeouts: number;
  /** Loads that outlasted the hard timeout: their callers got the grace value or a 503. */
  loaderTimeouts: number;
  /** Loads refused because the source was saturated or the event loop lagged (overload). */
  loadsRefused: number;
}

/**
 * Per entry type: its answers, and per tier its lookups, moves and occupancy. A lookup by key
 * alone (get, getMany) counts under a type only when an entry was found, since only then is the
 * type known; the overall figures count every lookup.
 */
export interface TypeStats extends AnswerStats {
  tiers: Record<TierName, TierTypeStats>;
}

export interface CacheStats extends AnswerStats {
  enabled: boolean;
  replicaId: string;
  hitRatio: number;
  /** Invalidations made here (key, dependency or type) and those received from other replicas. */
  invalidations: number;
  remoteInvalidations: number;
  /** Invalidations that could not be published to other replicas. */
  busFailures: number;
  /** Background writes (promotions, demotions, stores after a load) that threw. */
  backgroundFailures: number;
  /** Writes to shared tiers the store refused: an invalidation since their stamp covered them. */
  refusedWrites: number;
  /** Cluster-wide single flight: misses that waited for another process's load, took its value from a shared tier, and found the lock service down. */
  clusterFlight: { waited: number; tookShared: number; lockUnavailable: number };
  tiers: Record<TierName, TierStats>;
  types: Record<string, TypeStats>;
  /** The invalidation bus between replicas, when it reports itself. */
  bus?: BusStats;
}

type TierActivity = Pick<TierTypeStats, 'hits' | 'misses' | 'promotions' | 'demotions'>;

interface Activity {
  answers: AnswerStats;
  tiers: Record<TierName, TierActivity>;
}

export interface TierState {
  configured: boolean;
  circuit?: CircuitState;
  /** Undefined when the store is absent or could not report. */
  occupancy?: TierOccupancyReport;
}

/** Counts what the tiered cache sees on its read path; the stores report their own occupancy. */
export class CacheCounters {
  invalidations = 0;
  remoteInvalidations = 0;
  busFailures = 0;
  backgroundFailures = 0;
  refusedWrites = 0;
  readonly clusterFlight = { waited: 0, tookShared: 0, lockUnavailable: 0 };
  private readonly overall = newActivity();
  private readonly byType = new Map<string, Activity>();

  tier(tier: TierName, type: string | undefined, event: keyof TierActivity): void {
    for (const activity of this.activities(type)) {
      activity.tiers[tier][event] += 1;
    }
  }

  answer(type: string | undefined, event: keyof AnswerStats): void {
    for (const activity of this.activities(type)) {
      activity.answers[event] += 1;
    }
  }

  answered(type: string | undefined, source: CacheSource): void {
    this.answer(type, 'requests');
    this.answer(type, source === 'miss' || source === 'stale' ? 'misses' : 'hits');
    if (source === 'stale') {
      this.answer(type, 'staleServed');
    }
  }

  report(enabled: boolean, replicaId: string, tiers: Record<TierName, TierState>): CacheStats {
    const types: Record<string, TypeStats> = {};
    const typeNames = new Set(this.byType.keys());
    for (const tier of TIER_NAMES) {
      Object.keys(tiers[tier].occupancy?.types ?? {}).forEach((type) => typeNames.add(type));
    }
    for (const type of typeNames) {
      const activity = this.byType.get(type) ?? newActivity();
      types[type] = {
        ...activity.answers,
        tiers: mapTiers((tier) => ({
          ...activity.tiers[tier],
          ...(tiers[tier].occupancy?.types[type] ?? emptyOccupancy()),
        })),
      };
    }
    const { answers } = this.overall;
    return {
      enabled,
      replicaId,
      ...answers,
      hitRatio: answers.requests === 0 ? 0 : answers.hits / answers.requests,
      invalidations: this.invalidations,
      remoteInvalidations: this.remoteInvalidations,
      busFailures: this.busFailures,
      backgroundFailures: this.backgroundFailures,
      refusedWrites: this.refusedWrites,
      clusterFlight: { ...this.clusterFlight },
      tiers: mapTiers((tier) => {
        const { configured, circuit, occupancy } = tiers[tier];
        return {
          configured,
          ...(circuit === undefined ? {} : { circuit }),
          reachable: !configured || occupancy !== undefined,
          ...this.overall.tiers[tier],
          ...occupancyFigures(occupancy),
        };
      }),
      types,
    };
  }

  /** Every entry type counted so far. */
  types(): string[] {
    return [...this.byType.keys()];
  }

  private activities(type: string | undefined): Activity[] {
    if (type === undefined) {
      return [this.overall];
    }
    let activity = this.byType.get(type);
    if (activity === undefined) {
      activity = newActivity();
      this.byType.set(type, activity);
    }
    return [this.overall, activity];
  }
}

function mapTiers<T>(build: (tier: TierName) => T): Record<TierName, T> {
  return { hot: build('hot'), warm: build('warm'), cold: build('cold') };
}

function newActivity(): Activity {
  return {
    answers: {
      requests: 0,
      hits: 0,
      misses: 0,
      staleServed: 0,
      loads: 0,
      loaderFailures: 0,
      loaderSoftTimeouts: 0,
      loaderTimeouts: 0,
      loadsRefused: 0,
    },
    tiers: mapTiers(() => ({ hits: 0, misses: 0, promotions: 0, demotions: 0 })),
  };
}

function emptyOccupancy(): TierOccupancy {
  return { entries: 0, bytes: 0, budgetBytes: 0, evictions: 0 };
}

function occupancyFigures(report: TierOccupancyReport | undefined): TierOccupancy {
  if (report === undefined) {
    return emptyOccupancy();
  }
  const { entries, bytes, budgetBytes, evictions } = report;
  return { entries, bytes, budgetBytes, evictions };
}
