import { Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AccessAggregator, type AggregatorSizes } from './aggregator/access-aggregator';
import { AccessStats } from './aggregator/access-stats';
import { isEmptyBatch } from './aggregator/flush-batch';
import type { VolatilityClock } from './clock';
import { typeOfKey } from './entity-key-type';
import { statsOf, type PruneResult, type VolatilityStore } from './persistence/volatility-store';
import { volatilityScore, type VolatilityScore } from './score/volatility-score';
import type { VolatilityConfig } from './volatility-config';

/**
 * Records what the data does (updates exactly, accesses aggregated, logins) and scores every
 * entity from it (DESIGN §5). A score is read from memory, never with a query; the history is
 * flushed to the analytics' own database on a timer, when enough is pending, and on shutdown,
 * and loaded again at start.
 */
export class VolatilityService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Volatility');
  private readonly aggregator: AccessAggregator;
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: VolatilityStore,
    readonly config: VolatilityConfig,
    private readonly clock: VolatilityClock,
  ) {
    this.aggregator = new AccessAggregator(config);
  }

  async onModuleInit(): Promise<void> {
    await this.loadHistory();
    this.timer = setInterval(() => void this.flushLogged(), this.config.flushIntervalMs);
    this.timer.unref();
  }

  /**
   * Before, not on, application shutdown: TypeOrmModule closes the connection in its own
   * onApplicationShutdown, which runs first (it is global). The HTTP server stops taking requests
   * before this runs (see the platform's shutdown), so nothing recorded after it is lost.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** A write changed `entityKey` (the write path calls this for every changed key). */
  recordUpdate(entityKey: string): void {
    this.aggregator.recordUpdate(entityKey, this.clock.now());
    this.flushWhenFull();
  }

  /** `entityKey` was read, on behalf of `userId` when the caller named one. */
  recordAccess(entityKey: string, userId?: string): void {
    this.aggregator.recordAccess(entityKey, userId, this.clock.now());
    this.flushWhenFull();
  }

  /** `userId` logged in: their reads count as active for the session time. */
  recordLogin(userId: string): void {
    this.aggregator.recordLogin(userId, this.clock.now());
    this.flushWhenFull();
  }

  /**
   * The key's score and its inputs, from memory. `updatedThrough`: the key whose updates count
   * for `f`, when the entry changes through another one (a resolved context through its entity).
   */
  scoreOf(entityKey: string, updatedThrough = entityKey): VolatilityScore {
    const now = this.clock.now();
    const type = typeOfKey(entityKey);
    const base = this.config.base[type] ?? this.config.base['context'] ?? 0;
    const { recentHalfLifeMs } = this.config;
    const changes = this.aggregator.activity(updatedThrough);
    const updatesInWindow = changes?.updatesSince(now - this.config.updateWindowMs) ?? 0;
    const recentUpdates = changes?.recentUpdates(now, recentHalfLifeMs) ?? 0;
    const recent = this.aggregator.activity(entityKey)?.stats.copy() ?? new AccessStats();
    recent.decayTo(now, recentHalfLifeMs);
    return volatilityScore({
      type,
      base,
      f: Math.min(updatesInWindow / this.config.updatesToSaturate, 1),
      v: recent.intervalVariation(),
      a: recent.activeShare(recentUpdates),
      updatesInWindow,
      recentUpdates,
      recentAccesses: recent.weight,
    });
  }

  /** Stores everything pending; one flush at a time, a second call waits for the first. */
  async flush(): Promise<void> {
    while (this.flushing) {
      await this.flushing;
    }
    const batch = this.aggregator.drain();
    if (isEmptyBatch(batch)) {
      return;
    }
    this.flushing = this.store.write(batch).catch((error: unknown) => {
      // Updates are exact: they wait for the next flush. Access statistics are approximate anyway.
      this.aggregator.requeueUpdates(batch.updates);
      throw error;
    });
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  /** Deletes history older than the retention; a scheduled job calls it. */
  prune(): Promise<PruneResult> {
    return this.store.prune(this.clock.now() - this.config.retentionMs);
  }

  /** Accesses per UTC hour of the day of a type or a key (stored history; flush first). */
  hourProfile(of: { type: string } | { key: string }): Promise<number[]> {
    return this.store.hourProfile(of);
  }

  /** Keys of the type read since `since`, most read first (stored history; flush first). */
  mostRead(
    type: string,
    since: number,
    limit: number,
  ): Promise<Array<{ key: string; reads: number }>> {
    return this.store.mostRead(type, since, limit);
  }

  /** Keys starting with `prefix` read most at a UTC hour of the day, all days kept (stored history). */
  hourLeaders(
    prefix: string,
    hour: number,
    limit: number,
  ): Promise<Array<{ key: string; reads: number }>> {
    return this.store.hourLeaders(prefix, hour, limit);
  }

  /** Keys of the type by their accesses ever (undecayed), most first (stored history). */
  mostAccessed(type: string, limit: number): Promise<Array<{ key: string; reads: number }>> {
    return this.store.mostAccessed(type, limit);
  }

  /** What users read shortly after `entityKey`, most frequent first (stored history). */
  readAfter(entityKey: string, limit = 10): Promise<Array<{ key: string; reads: number }>> {
    return this.store.readAfter(entityKey, limit);
  }

  /** Sizes of the in-memory structures and what they dropped: the memory bound, observable. */
  memory(): AggregatorSizes & { dropped: number } {
    return { ...this.aggregator.sizes(), dropped: this.aggregator.dropped() };
  }

  private async loadHistory(): Promise<void> {
    const { capacity, updateWindowMs, sessionMs } = this.config;
    const history = await this.store.load(
      this.clock.now(),
      capacity.keys,
      updateWindowMs,
      sessionMs,
    );
    // Oldest first, so the most recently read keys end up the most recent in memory.
    for (const row of [...history.keyStats].reverse()) {
      this.aggregator.restoreStats(row.entityKey, row.type, statsOf(row), row.lastAccessAt);
    }
    for (const row of history.updates) {
      this.aggregator.restoreUpdate(row.entityKey, row.at);
    }
    for (const row of history.sessions) {
      this.aggregator.restoreLogin(row.userId, row.lastLoginAt);
    }
  }

  private flushWhenFull(): void {
    if (
      this.flushing === undefined &&
      this.aggregator.pendingWork() >= this.config.flushThreshold
    ) {
      void this.flushLogged();
    }
  }

  private async flushLogged(): Promise<void> {
    try {
      await this.flush();
    } catch (error) {
      this.logger.warn(`flush failed, will retry: ${(error as Error).message}`);
    }
  }
}
