import { Counter, Histogram, type Registry } from 'prom-client';
import type {
  BusState,
  BusStats,
  CacheAnswer,
  CacheObserver,
  CacheStats,
  HotDeparture,
} from '@strata/tiers';
import { TIER_NAMES } from '@strata/tiers';
import {
  collectedMetric,
  oncePerScrape,
  type CollectedSpec,
  type Sample,
} from './collected-metric';

const CIRCUIT_STATES = ['closed', 'half-open', 'open'] as const;
const BUS_STATES: readonly BusState[] = ['up', 'degraded', 'down'];
/** The bus's counters, by the `event` label each is exported under. */
const BUS_EVENTS = {
  published: 'published',
  publish_failed: 'publishFailures',
  received: 'received',
  gap: 'gaps',
  origin_lost: 'originsLost',
  reconnected: 'reconnects',
  hot_dropped: 'hotDrops',
  malformed: 'malformed',
} as const satisfies Record<string, keyof BusStats>;

/** What the collect-time metrics read: the cache's figures and the source's statement count. */
export interface CacheFigures {
  stats(): Promise<CacheStats>;
  statements(): number;
}

/**
 * Strata's Prometheus metrics, on the process's registry. Answers and departures are counted as
 * they happen (the cache's observer); occupancy, moves, loads, statements and breaker states are
 * read from the cache's own figures at scrape time (collectedMetric), one stats call per scrape. Labels are tiers,
 * types, reasons and strategies only: bounded, never a key or an id.
 */
export class CacheMetrics implements CacheObserver {
  private readonly requests: Counter<'tier' | 'type'>;
  private readonly resolveDuration: Histogram<'tier'>;
  private readonly statementsSaved: Counter<'type'>;
  private readonly departedBytes: Counter<'reason' | 'read'>;
  private readonly warmedDepartures: Counter<'strategy' | 'read'>;

  constructor(
    registry: Registry,
    private readonly figures: CacheFigures,
  ) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'strata_cache_requests_total',
      help: 'Keys answered, by where the answer came from (hot, warm, cold, miss: the loader, stale: grace) and entry type',
      labelNames: ['tier', 'type'],
      registers,
    });
    this.resolveDuration = new Histogram({
      name: 'strata_cache_resolve_duration_seconds',
      help: 'Time the cache took to answer a key, by where the answer came from',
      labelNames: ['tier'],
      buckets: [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
      ],
      registers,
    });
    this.statementsSaved = new Counter({
      name: 'strata_cache_statements_saved_total',
      help: 'Source statements the answers from a tier saved: the load cost recorded in their entries',
      labelNames: ['type'],
      registers,
    });
    this.departedBytes = new Counter({
      name: 'strata_cache_hot_departed_bytes_total',
      help: 'Bytes of entries that left the hot tier, by reason and whether they were read again since admitted',
      labelNames: ['reason', 'read'],
      registers,
    });
    this.warmedDepartures = new Counter({
      name: 'strata_cache_warmed_departures_total',
      help: 'Warmed entries that left the hot tier, by warming strategy and whether they were read first',
      labelNames: ['strategy', 'read'],
      registers,
    });
    this.registerCollected(registry);
  }

  answered({ type, source, loadCost, seconds }: CacheAnswer): void {
    const entryType = type ?? 'unknown';
    this.requests.inc({ tier: source, type: entryType });
    this.resolveDuration.observe({ tier: source }, seconds);
    if (source !== 'miss' && source !== 'stale' && loadCost !== undefined) {
      this.statementsSaved.inc({ type: entryType }, loadCost);
    }
  }

  departed({ bytes, reason, readSinceAdmitted, warmedBy }: HotDeparture): void {
    const read = String(readSinceAdmitted);
    this.departedBytes.inc({ reason, read }, bytes);
    if (warmedBy !== undefined) {
      this.warmedDepartures.inc({ strategy: warmedBy, read });
    }
  }

  /** Occupancy, moves, loads, statements, breakers and the bus, from the cache's figures. */
  private registerCollected(registry: Registry): void {
    const figures = this.figures;
    const stats = oncePerScrape(() => figures.stats());
    const counter = <L extends string>(spec: CollectedSpec<L>) =>
      collectedMetric(registry, 'counter', spec);
    const gauge = <L extends string>(spec: CollectedSpec<L>) =>
      collectedMetric(registry, 'gauge', spec);
    counter({
      name: 'strata_source_statements_total',
      help: 'SQL statements the source of truth ran in this process: loads, writes and warming alike',
      read: () => [[{}, figures.statements()]],
    });
    counter({
      name: 'strata_source_loads_total',
      help: 'Loader calls (concurrent misses on one key share one), by entry type',
      labelNames: ['type'],
      read: async () =>
        Object.entries((await stats()).types).map(([type, { loads }]) => [{ type }, loads]),
    });
    const byTierAndType = (
      name: string,
      help: string,
      field: 'bytes' | 'budgetBytes' | 'entries',
    ) =>
      gauge({
        name,
        help,
        labelNames: ['tier', 'type'],
        read: async () =>
          Object.entries((await stats()).types).flatMap(([type, typeStats]) =>
            TIER_NAMES.map((tier) => [{ tier, type }, typeStats.tiers[tier][field]] as const),
          ),
      });
    byTierAndType('strata_cache_bytes', 'Bytes held, as measured, by tier and entry type', 'bytes');
    byTierAndType(
      'strata_cache_budget_bytes',
      'Byte budget by tier and entry type (0: the tier is not configured)',
      'budgetBytes',
    );
    byTierAndType('strata_cache_entries', 'Entries held by tier and entry type', 'entries');
    const moves = (name: string, help: string, field: 'evictions' | 'promotions' | 'demotions') =>
      counter({
        name,
        help,
        labelNames: ['tier'],
        read: async () => {
          const { tiers } = await stats();
          return TIER_NAMES.map((tier) => [{ tier }, tiers[tier][field]] as const);
        },
      });
    moves('strata_cache_evictions_total', 'Entries a tier evicted for its budget', 'evictions');
    moves(
      'strata_cache_promotions_total',
      'Entries copied into a tier from the one below because they are read often',
      'promotions',
    );
    moves(
      'strata_cache_demotions_total',
      'Entries a tier evicted while fresh and handed to the tier below',
      'demotions',
    );
    gauge({
      name: 'strata_cache_circuit_state',
      help: "A persistent tier's circuit breaker: 1 for its current state, 0 for the others",
      labelNames: ['tier', 'state'],
      read: async () => {
        const { tiers } = await stats();
        return TIER_NAMES.flatMap((tier) => {
          const current = tiers[tier].circuit;
          return current === undefined ? [] : oneHot(CIRCUIT_STATES, current, { tier });
        });
      },
    });
    counter({
      name: 'strata_bus_events_total',
      help: 'The invalidation bus: messages published and received, and what it detected (gaps, lost origins, reconnections, hot-tier drops, malformed messages)',
      labelNames: ['event'],
      read: async () => {
        const { bus } = await stats();
        return bus === undefined
          ? []
          : Object.entries(BUS_EVENTS).map(([event, field]) => [{ event }, bus[field]] as const);
      },
    });
    gauge({
      name: 'strata_bus_state',
      help: 'The invalidation bus: 1 for its current state (up, degraded, down), 0 for the others',
      labelNames: ['state'],
      read: async () => {
        const { bus } = await stats();
        return bus === undefined ? [] : oneHot(BUS_STATES, bus.state, {});
      },
    });
    gauge({
      name: 'strata_bus_lag_seconds',
      help: 'Send-to-receive time of the last invalidation received from another replica',
      read: async () => {
        const lagMs = (await stats()).bus?.lastLagMs;
        return lagMs === undefined ? [] : [[{}, lagMs / 1000]];
      },
    });
  }
}

/** A state gauge's series: 1 for the current state, 0 for every other, beside `labels`. */
function oneHot<L extends string>(
  states: readonly string[],
  current: string,
  labels: Record<L, string>,
): Sample<L | 'state'>[] {
  return states.map((state) => [{ ...labels, state }, state === current ? 1 : 0]);
}
