import { SourceAdmission } from '../admission/source-admission';
import { SourceUnavailableError } from '../admission/source-unavailable-error';
import { measuredSizeBytes, type CacheEntry, type TierName } from '../core/cache-entry';
import type { Clock } from '../core/clock';
import type { InvalidationBus, InvalidationMessage } from '../core/invalidation-bus';
import type { PlacementPolicy } from '../core/placement-policy';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import { withTimeout } from '../resilience/with-timeout';
import type { CacheObserver, LoadCostMeter } from './cache-observer';
import { CacheObservers } from './cache-observers';
import { CacheCounters, type CacheStats, type TierState } from './cache-stats';
import { ClusterSingleFlight } from './cluster-single-flight';
import { describeEntry } from './entry-info';
import type { HotFill, HotFillRequest } from './hot-fill';
import { HotFiller } from './hot-filler';
import { joinFlight } from './flight-join';
import { InvalidationEpochs } from './invalidation-epochs';
import { invalidateInHotTier, withoutOrigin, type InvalidationScope } from './invalidation-scope';
import { SharedLoadBasis } from './load-basis';
import { LookupBatch } from './lookup-batch';
import { PersistentTier } from './persistent-tier';
import { SharedTierInvalidation } from './shared-tier-invalidation';
import { SingleFlight } from './single-flight';
import type {
  CachedValue,
  CacheSource,
  EntryInfo,
  EntryOptions,
  LoadRequest,
  Loader,
  StrataCache,
} from './strata-cache';
import { TierLevels } from './tier-levels';
import { TierStamps } from './tier-stamps';
import { TierWriter } from './tier-writer';
import {
  tieredCacheSettings,
  type TieredCacheOptions,
  type TieredCacheSettings,
} from './tiered-cache-options';
import { loadedValue, type Loaded } from './loaded-value';
import type { FreshHit, FreshHitListener, WarmRequest, WarmResult } from './warm-request';
import { WriteBehind } from './write-behind';

/** A key asked for; its type is known when a loader comes with it. */
interface KeyRequest {
  key: string;
  type?: string;
}

interface Found {
  entry: CacheEntry;
  tier: TierName;
}

/**
 * What the tiers hold for a key: a fresh entry and where, or only an expired one within grace;
 * and the stamps the lookup took, which order a load that follows against invalidations.
 */
interface Lookup {
  fresh?: Found;
  stale?: CacheEntry;
  stamps: TierStamps;
}

/** An answer and the entry it came from: a caller joining its flight checks the entry's dependencies. */
interface Answered {
  value: CachedValue;
  entry: CacheEntry;
}

/** A value the load path answers with: loaded here, or taken from a shared tier another process filled. */
interface LoadedEntry {
  entry: CacheEntry;
  source: CacheSource;
  /** An invalidation covering the entry came while it loaded: it was not stored. */
  overtaken?: boolean;
}

const SOFT_TIMEOUT = Symbol('soft timeout');

/**
 * The hot, warm and cold tiers composed into one cache (DESIGN §3). Reads go hot → warm → cold →
 * loader; a hit below hot is copied one tier up when the hot tier's frequency count says the key
 * is read often; an entry a tier evicts while fresh moves one tier down (TierWriter). A new
 * entry's home tier and TTL come from the placement policy. Concurrent misses on a key share one
 * loader call. Each persistent tier sits behind its own circuit breaker (PersistentTier).
 * Invalidations are ordered against reads, loads and writes by InvalidationEpochs and reach other
 * replicas' hot tiers through the bus.
 */
export class TieredCache implements StrataCache {
  readonly replicaId: string;
  private readonly settings: TieredCacheSettings;
  private readonly levels: TierLevels;
  private readonly placement: PlacementPolicy;
  private readonly bus: InvalidationBus;
  private readonly clock: Clock;
  private readonly epochs = new InvalidationEpochs();
  private readonly counters = new CacheCounters();
  private readonly writer: TierWriter;
  private readonly hotFiller: HotFiller;
  private readonly writeBehind: WriteBehind;
  private readonly answers = new SingleFlight<Answered>();
  private readonly loads = new SingleFlight<LoadedEntry>();
  private readonly sharedInvalidation: SharedTierInvalidation;
  private readonly clusterFlight: ClusterSingleFlight | undefined;
  private readonly admission: SourceAdmission;
  private readonly loadCostMeter: LoadCostMeter | undefined;
  private readonly observers = new CacheObservers();
  private readonly unsubscribe: () => void;
  private readonly stopObservingHot: (() => void) | undefined;
  private readonly freshHitListeners: FreshHitListener[] = [];
  private readonly stopMissed: () => void;

  constructor(options: TieredCacheOptions) {
    this.settings = tieredCacheSettings(options);
    this.replicaId = this.settings.replicaId;
    this.placement = options.placement;
    this.bus = options.bus;
    this.clock = options.clock;
    this.admission = options.admission ?? new SourceAdmission();
    const persistent = [options.warm, options.cold]
      .filter((store) => store !== undefined)
      .map((store) => {
        const breaker = new CircuitBreaker(store.tier, this.settings.breaker, this.clock);
        // The replayed invalidation reaches the others again: they may have read the tier
        // before it landed there. Without stamps: each judges it by its arrival.
        return new PersistentTier(
          store,
          breaker,
          (scope) => void this.publish(scope, TierStamps.none),
        );
      });
    this.levels = new TierLevels(options.hot, persistent);
    this.sharedInvalidation = new SharedTierInvalidation(persistent);
    this.writeBehind = new WriteBehind(this.settings.writeBehindLimit);
    this.writer = new TierWriter(this.levels, this.epochs, this.counters);
    this.hotFiller = new HotFiller(
      this.levels,
      this.epochs,
      this.writer,
      this.counters,
      this.clock,
    );
    this.clusterFlight =
      options.clusterSingleFlight === undefined
        ? undefined
        : new ClusterSingleFlight(options.clusterSingleFlight, this.counters.clusterFlight);
    this.loadCostMeter = options.loadCostMeter;
    this.unsubscribe = this.bus.subscribe((message) => this.onBusMessage(message));
    this.stopObservingHot = options.hot.onDeparture?.((departure) =>
      this.observers.departed(departure),
    );
    this.stopMissed = this.bus.onMissed?.(() => this.dropHot()) ?? (() => undefined);
  }

  async get(key: string): Promise<CachedValue | undefined> {
    return (await this.getMany([key])).get(key);
  }

  async getMany(keys: readonly string[]): Promise<Map<string, CachedValue>> {
    const startedAt = performance.now();
    const unique = [...new Set(keys)];
    const found = new Map<string, Found>();
    const belowHot: KeyRequest[] = [];
    for (const key of unique) {
      const { fresh } = this.readHot({ key });
      if (fresh === undefined) {
        belowHot.push({ key });
      } else {
        found.set(key, fresh);
      }
    }
    if (belowHot.length > 0) {
      const operation = this.epochs.begin();
      try {
        for (const [key, { fresh }] of await this.lookBelowHot(belowHot, operation)) {
          if (fresh !== undefined) {
            found.set(key, fresh);
          }
        }
      } finally {
        this.epochs.release(operation);
      }
    }
    const values = new Map<string, CachedValue>();
    for (const key of unique) {
      const hit = found.get(key);
      this.counters.answered(hit?.entry.type, hit?.tier ?? 'miss');
      this.observers.answered({
        type: hit?.entry.type,
        source: hit?.tier ?? 'miss',
        loadCost: hit?.entry.loadCost,
        seconds: (performance.now() - startedAt) / 1000,
      });
      if (hit !== undefined) {
        values.set(key, answerOf(hit.entry, hit.tier));
      }
    }
    return values;
  }

  getOrLoad<T>(key: string, load: Loader<T>, options: EntryOptions<T>): Promise<CachedValue> {
    const [answer] = this.answerAll([{ key, load, ...options }]);
    return answer;
  }

  loadMany(requests: readonly LoadRequest[]): Promise<CachedValue[]> {
    return Promise.all(this.answerAll(requests));
  }

  async set<T>(key: string, value: T, options: EntryOptions<T>): Promise<void> {
    const loaded = loadedValue(key, value, options);
    await this.invalidateEverywhere({ kind: 'key', key });
    const operation = this.epochs.begin();
    try {
      const stamps = await this.stampsNow();
      const { entry, level } = this.newEntry({ key, type: options.type }, loaded, this.clock.now());
      await this.writer.storeNew(entry, level, operation, stamps);
    } finally {
      this.epochs.release(operation);
    }
  }

  async delete(key: string): Promise<boolean> {
    return (await this.invalidateEverywhere({ kind: 'key', key })) > 0;
  }

  invalidate(dependencyKey: string): Promise<number> {
    return this.invalidateEverywhere({ kind: 'dependency', dependency: dependencyKey });
  }

  invalidateType(type: string): Promise<number> {
    return this.invalidateEverywhere({ kind: 'type', type });
  }

  pendingInvalidations(): number {
    return this.levels.persistent.reduce((sum, tier) => sum + tier.pendingInvalidations, 0);
  }

  /** Reads every tier, the hot one included (which counts as an access to the key there). */
  async entryInfo(key: string): Promise<EntryInfo | undefined> {
    const operation = this.epochs.begin();
    try {
      const holders: Found[] = [];
      const hot = this.levels.hot.get(key);
      if (hot !== undefined) {
        holders.push({ entry: hot, tier: 'hot' });
      }
      const pending = this.pendingFill(key, operation);
      for (const tier of this.levels.persistent) {
        const entry =
          pending?.tier === tier.name ? pending.entry : (await tier.read([key]))?.entries.get(key);
        if (entry !== undefined && !this.epochs.isOutdated(entry, operation)) {
          holders.push({ entry, tier: tier.name });
        }
      }
      return describeEntry(holders, this.clock.now());
    } finally {
      this.epochs.release(operation);
    }
  }

  async sweepExpired(): Promise<number> {
    let removed = 0;
    for (const tier of this.levels.persistent) {
      removed += await tier.sweepExpired();
    }
    return removed;
  }

  async stats(): Promise<CacheStats> {
    const [warm, cold] = await Promise.all([this.tierState('warm'), this.tierState('cold')]);
    const hot: TierState = { configured: true, occupancy: this.levels.hot.occupancy() };
    const report = this.counters.report(true, this.replicaId, { hot, warm, cold });
    const bus = this.bus.stats?.();
    return bus === undefined ? report : { ...report, bus };
  }

  async warm<T>(request: WarmRequest<T>): Promise<WarmResult> {
    const underWay = () =>
      this.loads.join(request.key, (startedAt) => this.mayJoin(startedAt, request)) !== undefined;
    if (underWay()) {
      return { outcome: 'present' };
    }
    const operation = this.epochs.begin();
    try {
      const { present, stamps } = await this.peek(request.key, operation, request.refresh !== true);
      if (present !== undefined && request.refresh !== true) {
        return { outcome: 'present', json: present.json, expiresAt: present.expiresAt };
      }
      // A read may have started loading the key while the tiers were looked at.
      if (underWay()) {
        return { outcome: 'present' };
      }
      const { entry, source, overtaken } = await this.load(request, stamps, request.strategy);
      // A value another process loaded (the cluster's single flight) cost nothing here.
      const cost = source === 'miss' ? entry.loadCost : 0;
      const statements = cost === undefined ? {} : { statements: cost };
      return overtaken === true
        ? { outcome: 'overtaken', ...statements }
        : { outcome: 'loaded', json: entry.json, expiresAt: entry.expiresAt, ...statements };
    } catch {
      return { outcome: 'failed' };
    } finally {
      this.epochs.release(operation);
    }
  }

  fillHot(request: HotFillRequest): Promise<HotFill[]> {
    return this.hotFiller.fill(request);
  }

  onFreshHit(listener: FreshHitListener): () => void {
    this.freshHitListeners.push(listener);
    return () => {
      const index = this.freshHitListeners.indexOf(listener);
      if (index >= 0) {
        this.freshHitListeners.splice(index, 1);
      }
    };
  }

  /** Resolves once the writes made after answering (stores, promotions, demotions) have landed. */
  async idle(): Promise<void> {
    await this.writeBehind.idle();
    await this.writer.idle();
  }

  observe(observer: CacheObserver): () => void {
    return this.observers.add(observer);
  }

  async close(): Promise<void> {
    this.handOffHot();
    this.unsubscribe();
    this.stopObservingHot?.();
    this.stopMissed();
    await this.idle();
    for (const tier of this.levels.persistent) {
      tier.stop();
    }
  }

  /**
   * What only the hot tier holds goes one tier down as the cache closes, as a fresh entry the
   * hot tier evicts does (DESIGN §3): the entries at home in the hot tier (the others were
   * loaded into a tier below, or copied from one), fresh, at most `handOffOnClose` of them. Each
   * is written under the stamps it was loaded with, so a shared tier refuses any that an
   * invalidation since covers; the writes land before `close` resolves. A replica starting next
   * (start-up warming) then finds them there rather than asking the source.
   */
  private handOffHot(): void {
    const limit = this.settings.handOffOnClose;
    if (limit === 0 || this.levels.lowest === 0) {
      return;
    }
    const operation = this.epochs.begin();
    try {
      let handed = 0;
      for (const entry of this.levels.hot.fresh?.() ?? []) {
        if (handed >= limit) {
          break;
        }
        if (this.placement.place({ key: entry.key, type: entry.type }).tier === 'hot') {
          this.writer.handDown(entry, operation);
          handed += 1;
        }
      }
    } finally {
      this.epochs.release(operation);
    }
  }

  /**
   * One answer per request, in order; a key asked twice shares one answer. Hot hits answer at
   * once; the rest join a flight under way for their key or start one, and the keys that start
   * one are looked up below hot together.
   */
  private answerAll(requests: readonly LoadRequest[]): Promise<CachedValue>[] {
    const answers = this.answerKeys(requests);
    const startedAt = performance.now();
    return requests.map((request) =>
      (answers.get(request.key) as Promise<CachedValue>).then(
        (value) => {
          this.counters.answered(request.type, value.source);
          this.observers.answered({
            type: request.type,
            source: value.source,
            loadCost: value.loadCost,
            seconds: secondsSince(startedAt),
          });
          return value;
        },
        (error: unknown) => {
          this.counters.answered(request.type, 'miss');
          this.observers.answered({
            type: request.type,
            source: 'miss',
            seconds: secondsSince(startedAt),
            failed: true,
          });
          throw error;
        },
      ),
    );
  }

  /** One uncounted answer per key; the keys that start a flight are looked up below hot together. */
  private answerKeys(requests: readonly LoadRequest[]): Map<string, Promise<CachedValue>> {
    const answers = new Map<string, Promise<CachedValue>>();
    let belowHot: LookupBatch<LoadRequest, Lookup> | undefined;
    for (const request of requests) {
      if (!answers.has(request.key)) {
        // An argument, not a named constant: the bundle (keepNames) would name that function with
        // a defineProperty on every call, a cost a hot hit shows in the bench:e2e profile.
        answers.set(
          request.key,
          this.answer(request, () => (belowHot ??= new LookupBatch(this.epochs.begin()))),
        );
      }
    }
    if (belowHot !== undefined) {
      const { operation } = belowHot;
      const release = () => this.epochs.release(operation);
      belowHot.run((missed) => this.lookBelowHot(missed, operation)).then(release, release);
    }
    return answers;
  }

  private answer(
    request: LoadRequest,
    belowHot: () => LookupBatch<LoadRequest, Lookup>,
  ): Promise<CachedValue> {
    const hot = this.readHot(request);
    if (hot.fresh !== undefined) {
      this.heard(hot.fresh);
      return Promise.resolve(answerOf(hot.fresh.entry, 'hot'));
    }
    // A flight that started before an invalidation of this key may answer with what the
    // invalidation removed: a caller arriving after it must not take that answer, and asks anew.
    const underWay = joinFlight(this.answers, this.epochs, request, (answered) => answered.entry);
    if (underWay !== undefined) {
      return underWay.then(
        (answered) =>
          answered?.value ?? (this.answerKeys([request]).get(request.key) as Promise<CachedValue>),
      );
    }
    const batch = belowHot();
    const { operation } = batch;
    const found = batch.add(request);
    // The operation stays open until the flight can no longer be joined: its invalidation
    // records decide who may join.
    this.epochs.hold(operation);
    const release = () => this.epochs.release(operation);
    return this.answers
      .start(
        request.key,
        operation,
        async (): Promise<Answered> => {
          const below = await found;
          if (below?.fresh !== undefined) {
            this.heard(below.fresh);
            return answered(below.fresh.entry, below.fresh.tier);
          }
          const stale = newestStale(hot.stale, below?.stale);
          return this.loadOrServeStale(request, stale, operation, below?.stamps ?? TierStamps.none);
        },
        release,
      )
      .then((flown) => flown.value);
  }

  /** Tells the fresh-hit listeners; none of them may break the read. */
  private heard({ entry, tier }: Found): void {
    if (this.freshHitListeners.length === 0) {
      return;
    }
    const hit: FreshHit = {
      key: entry.key,
      type: entry.type,
      tier,
      createdAt: entry.createdAt,
      expiresAt: entry.expiresAt,
      ...(entry.warmedBy === undefined ? {} : { warmedBy: entry.warmedBy }),
    };
    for (const listener of this.freshHitListeners) {
      try {
        listener(hit);
      } catch {
        this.counters.backgroundFailures += 1;
      }
    }
  }

  /**
   * Whether a tier holds the key fresh, uncounted and without a read for the hot tier's policy,
   * and the stamps of every persistent tier for a load that follows. `stopAtHot`: a fresh hot
   * entry answers at once, without stamps (nothing will be loaded).
   */
  private async peek(
    key: string,
    operation: number,
    stopAtHot: boolean,
  ): Promise<{ present?: CacheEntry; stamps: TierStamps }> {
    const hot = this.levels.hot.peek(key);
    let present = hot !== undefined && this.clock.now() < hot.expiresAt ? hot : undefined;
    present ??= this.pendingFill(key, operation)?.entry;
    let stamps = TierStamps.none;
    if (present !== undefined && stopAtHot) {
      return { present, stamps };
    }
    for (const tier of this.levels.persistent) {
      const read = await tier.read([key]);
      if (read === undefined) {
        continue;
      }
      stamps = stamps.with(tier.stampDomain, read.stamp);
      const entry = read.entries.get(key);
      if (
        entry !== undefined &&
        this.clock.now() < entry.expiresAt &&
        !this.epochs.isOutdated(entry, operation)
      ) {
        present ??= entry;
      }
    }
    return { present, stamps };
  }

  private readHot(request: KeyRequest): Omit<Lookup, 'stamps'> {
    // No outdated check: invalidations delete from hot at once, and every insert is checked.
    const entry = this.levels.hot.get(request.key);
    if (entry === undefined) {
      this.counters.tier('hot', request.type, 'misses');
      return {};
    }
    if (this.clock.now() >= this.hotDeadline(entry)) {
      this.counters.tier('hot', entry.type, 'misses');
      return { stale: entry };
    }
    this.counters.tier('hot', entry.type, 'hits');
    return { fresh: { entry, tier: 'hot' } };
  }

  /**
   * Until when a hot entry answers: its expiry, and while the bus cannot deliver (another
   * replica's write would go unheard) the short cap counted from when it was loaded or from when
   * the bus was last known to deliver, whichever is later.
   */
  private hotDeadline(entry: CacheEntry): number {
    const downSince = this.bus.downSince?.();
    if (downSince === undefined) {
      return entry.expiresAt;
    }
    const capped = Math.max(entry.createdAt, downSince) + this.settings.busDownHotTtlMs;
    return Math.min(entry.expiresAt, capped);
  }

  /**
   * The bus may have missed an invalidation: any hot entry may be older than a write elsewhere.
   * Each type is invalidated in the hot tier as a remote invalidation would be, so that a load
   * under way since before the drop cannot put what it read back into the hot tier.
   */
  private dropHot(): void {
    const types = new Set([
      ...Object.keys(this.levels.hot.occupancy().types),
      ...this.counters.types(),
    ]);
    for (const type of types) {
      const scope: InvalidationScope = { kind: 'type', type };
      this.epochs.started(scope);
      invalidateInHotTier(this.levels.hot, scope);
      this.epochs.finished(scope);
    }
  }

  /**
   * Looks the keys up tier by tier below hot, one batch read per tier, promoting what is read
   * often. Every lookup, found or not, carries the stamps taken: what was read from a tier, and
   * what a miss goes on to load, is written back under them.
   */
  private async lookBelowHot(
    requests: readonly KeyRequest[],
    operation: number,
  ): Promise<Map<string, Lookup>> {
    const lookups = new Map<string, Omit<Lookup, 'stamps'>>();
    let remaining = requests.filter((request) => {
      const pending = this.pendingFill(request.key, operation);
      if (pending === undefined) {
        return true;
      }
      this.counters.tier(pending.tier, pending.entry.type, 'hits');
      lookups.set(request.key, { fresh: { entry: pending.entry, tier: pending.tier } });
      if (this.levels.hot.frequency(request.key) >= this.settings.promotionThreshold) {
        this.writer.promote(pending.entry, pending.level, operation, pending.stamps);
      }
      return false;
    });
    let stamps = TierStamps.none;
    for (const [index, tier] of this.levels.persistent.entries()) {
      if (remaining.length === 0) {
        break;
      }
      const read = await tier.read(remaining.map((request) => request.key));
      if (read === undefined) {
        continue;
      }
      stamps = stamps.with(tier.stampDomain, read.stamp);
      const found = read.entries;
      const now = this.clock.now();
      remaining = remaining.filter((request) => {
        const entry = found.get(request.key);
        if (entry === undefined || this.epochs.isOutdated(entry, operation)) {
          this.counters.tier(tier.name, request.type, 'misses');
          return true;
        }
        if (now >= entry.expiresAt) {
          this.counters.tier(tier.name, entry.type, 'misses');
          lookups.set(request.key, { stale: newestStale(lookups.get(request.key)?.stale, entry) });
          return true;
        }
        this.counters.tier(tier.name, entry.type, 'hits');
        lookups.set(request.key, { fresh: { entry, tier: tier.name } });
        if (this.levels.hot.frequency(entry.key) >= this.settings.promotionThreshold) {
          this.writer.promote(entry, index + 1, operation, stamps);
        }
        return false;
      });
    }
    const withStamps = new Map<string, Lookup>();
    for (const request of requests) {
      withStamps.set(request.key, { ...lookups.get(request.key), stamps });
    }
    return withStamps;
  }

  private async loadOrServeStale(
    request: LoadRequest,
    stale: CacheEntry | undefined,
    operation: number,
    stamps: TierStamps,
  ): Promise<Answered> {
    const joined = joinFlight(this.loads, this.epochs, request, (loaded) => loaded.entry);
    const loading =
      joined === undefined
        ? this.load(request, stamps)
        : joined.then((loaded) => loaded ?? this.load(request, stamps));
    const answer = ({ entry, source }: LoadedEntry): Answered => answered(entry, source);
    if (stale === undefined) {
      return answer(await loading);
    }
    let loaded: LoadedEntry | typeof SOFT_TIMEOUT;
    try {
      loaded = await withTimeout(loading, this.settings.loaderSoftTimeoutMs, () => SOFT_TIMEOUT);
    } catch (error) {
      const graced = this.serveStale(stale, operation);
      if (graced === undefined) {
        throw error;
      }
      return graced;
    }
    if (loaded !== SOFT_TIMEOUT) {
      return answer(loaded);
    }
    this.counters.answer(request.type, 'loaderSoftTimeouts');
    // The load carries on and stores its value when it lands.
    return this.serveStale(stale, operation) ?? answer(await loading);
  }

  private serveStale(entry: CacheEntry, operation: number): Answered | undefined {
    const graced = this.clock.now() < entry.staleUntil && !this.epochs.isOutdated(entry, operation);
    return graced ? { value: { json: entry.json, source: 'stale' }, entry } : undefined;
  }

  /**
   * Loads the key once here (the in-process single flight in front) and, when a load lock is
   * configured and the entry's home tier is shared, once across the cluster: another process
   * loading it meanwhile is waited for and its value taken from the shared tier. An entry whose
   * home is the hot tier is replica-local by design, so nothing shared would carry its value to
   * a waiter; it is loaded without the lock.
   */
  private load(request: LoadRequest, stamps: TierStamps, warmedBy?: string): Promise<LoadedEntry> {
    const operation = this.epochs.begin();
    const startedAt = this.clock.now();
    const release = () => this.epochs.release(operation);
    let answer: (loaded: LoadedEntry) => void = () => undefined;
    const answered = new Promise<LoadedEntry>((resolve) => (answer = resolve));
    // A process that took the lock after another process may have held it (it waited, or the
    // lease is shared) loads after everything it heard meanwhile: its load is ordered from when
    // it took the lock (an operation and stamps of its own), or a write it heard while waiting
    // would refuse its value as older, and the key would be loaded once more after it for the
    // same invalidation. Fresh stamps also let a write it hears only after its load began, but
    // whose stamps its snapshot had passed (the bus is slower than the lock), leave its value be.
    const loadHere = async (afterAnother = false): Promise<LoadedEntry> => {
      const own = afterAnother ? this.epochs.begin() : undefined;
      try {
        return await loadUnder(
          own ?? operation,
          own === undefined ? stamps : await this.stampsNow(),
          own === undefined ? startedAt : this.clock.now(),
        );
      } finally {
        if (own !== undefined) {
          this.epochs.release(own);
        }
      }
    };
    const loadUnder = async (
      operation: number,
      stamps: TierStamps,
      startedAt: number,
    ): Promise<LoadedEntry> => {
      this.counters.answer(request.type, 'loads');
      const basis = new SharedLoadBasis(
        (key, under) => this.freshInSharedTier(key, under),
        this.epochs,
        operation,
      );
      const loaded = await this.callLoader(request, basis);
      const { entry, level } = this.newEntry(request, loaded, startedAt, warmedBy);
      if (basis.overtaken()) {
        // Built on a value invalidated meanwhile: answered as a load overtaken by a write is, and
        // stored nowhere.
        return { entry, source: 'miss', overtaken: true };
      }
      if (level === 0 || warmedBy !== undefined) {
        // Nobody waits for a warming load but the warmer, which needs to know whether its
        // value was stored: it writes through. What it warms is its strategy's choice: it
        // stores no by-products, which could replace an entry another warming load marked.
        await Promise.all([
          this.writer.storeNew(entry, level, operation, stamps),
          warmedBy === undefined ? this.storeOffered(basis, operation, stamps, startedAt) : [],
        ]);
        if (warmedBy !== undefined && level > 0) {
          this.writer.replaceHotCopy(entry, operation, stamps);
        }
        return this.epochs.isOutdated(entry, operation, stamps)
          ? { entry, source: 'miss', overtaken: true }
          : { entry, source: 'miss' };
      }
      if (this.settings.loadsLandInHot) {
        this.writer.copyToHot(entry, operation, stamps);
      }
      const value: LoadedEntry = { entry, source: 'miss' };
      // The caller is answered before the fill of the shared tier lands; the load (and the
      // cluster lease, so that a waiting process finds the value there) lasts until it has.
      const fill = this.writeBehind.schedule(
        { entry, tier: this.levels.persistentAt(level).name, operation, stamps },
        () => this.writer.storeNew(entry, level, operation, stamps),
      );
      if (fill.answerFirst) {
        answer(value);
      }
      await Promise.all([fill.landed, this.storeOffered(basis, operation, stamps, startedAt)]);
      return value;
    };
    const flight = (async () => {
      const homeLevel = this.levels.levelFor(this.placement.place(request).tier);
      if (this.clusterFlight === undefined || homeLevel === 0) {
        return loadHere();
      }
      const result = await this.clusterFlight.run(request.key, loadHere, () =>
        this.readShared(request.key),
      );
      return 'loaded' in result ? result.loaded : result.shared;
    })();
    // The flight ends when the load answers: a read after that finds the pending fill.
    return this.loads.start(
      request.key,
      operation,
      () => Promise.race([answered, flight]),
      () => flight.then(release, release),
    );
  }

  /**
   * A fresh entry for the key in a shared tier, uncounted: a waiter's look for what another
   * process loaded. Each look is an operation of its own, so that only an invalidation under way
   * or finishing while it reads outdates what it finds, and not one heard during the read whose
   * stamp the tier's snapshot had already passed. One that finished before the look began
   * (a write heard on the bus after the wait began, such as the one that created the key) has
   * already deleted the key in the shared tiers, whose conditional writes refuse every value
   * loaded before it: what the look finds there was loaded after it, and may answer the waiter.
   * Judged by the wait's own start instead, the holder's value was refused and the waiter loaded
   * the key again, a second load for one invalidation.
   */
  private async readShared(key: string): Promise<LoadedEntry | undefined> {
    const look = this.epochs.begin();
    try {
      const found = await this.freshInSharedTier(key, look);
      return found && { entry: found.entry, source: found.source };
    } finally {
      this.epochs.release(look);
    }
  }

  /**
   * The first fresh entry of `key` in a shared tier that no invalidation since `operation` covers,
   * judged by the stamp of the tier's snapshot it was read from (which it returns with it).
   */
  private async freshInSharedTier(
    key: string,
    operation: number,
  ): Promise<{ entry: CacheEntry; source: TierName; stamps: TierStamps } | undefined> {
    for (const tier of this.levels.persistent) {
      const read = await tier.read([key]);
      const entry = read?.entries.get(key);
      if (read === undefined || entry === undefined || this.clock.now() >= entry.expiresAt) {
        continue;
      }
      const stamps = TierStamps.none.with(tier.stampDomain, read.stamp);
      if (!this.epochs.isOutdated(entry, operation, stamps)) {
        return { entry, source: tier.name, stamps };
      }
    }
    return undefined;
  }

  /**
   * The entry a fill is about to write for `key`, as a hit of its tier, while it is fresh and no
   * invalidation since its load (or since `operation` began) covers it.
   */
  private pendingFill(
    key: string,
    operation: number,
  ): (Found & { level: number; stamps: TierStamps }) | undefined {
    const pending = this.writeBehind.pendingFor(key);
    if (
      pending === undefined ||
      this.clock.now() >= pending.entry.expiresAt ||
      this.epochs.isOutdated(pending.entry, pending.operation) ||
      this.epochs.isOutdated(pending.entry, operation)
    ) {
      return undefined;
    }
    const level = this.levels.levelFor(pending.tier);
    return { entry: pending.entry, tier: pending.tier, level, stamps: pending.stamps };
  }

  /** Every persistent stamp domain's counter now, for a write that did not follow a lookup. */
  private async stampsNow(): Promise<TierStamps> {
    let stamps = TierStamps.none;
    for (const tier of this.levels.persistent) {
      // Tiers of one domain (warm and cold in one database) share one counter: one read each.
      if (stamps.of(tier.stampDomain) !== undefined) {
        continue;
      }
      const stamp = await tier.stamp();
      if (stamp !== undefined) {
        stamps = stamps.with(tier.stampDomain, stamp);
      }
    }
    return stamps;
  }

  /** Whether a caller may share work on `request`'s key that began at `startedAt`. */
  private mayJoin(startedAt: number, request: LoadRequest): boolean {
    return request.dependenciesOf === undefined
      ? !this.epochs.invalidatedSince(startedAt, request)
      : !this.epochs.anyInvalidatedSince(startedAt);
  }

  /**
   * The loader, through the admission gate: refused at once when the source is saturated, and
   * failed at the hard timeout when it does not settle, so that it cannot hold the key's flight.
   */
  private async callLoader(request: LoadRequest, basis: SharedLoadBasis): Promise<Loaded> {
    try {
      const load = () => this.admission.run(() => request.load(basis));
      const { result: value, cost } = this.loadCostMeter
        ? await this.loadCostMeter.measure(load)
        : { result: await load(), cost: undefined };
      const own = loadedValue(request.key, value, request);
      const loaded = { ...own, dependencies: basis.dependencies(own.dependencies) };
      return cost === undefined ? loaded : { ...loaded, loadCost: cost };
    } catch (error) {
      this.counters.answer(request.type, loadFailureKind(error));
      throw error;
    }
  }

  /**
   * Stores what a load offered on its way (LoadBasis.offer), each in its shared home tier behind
   * the answer, under the load's operation and stamps: an invalidation since the load began
   * refuses each as it would the load's own value. Settles once they have landed.
   */
  private storeOffered(
    basis: SharedLoadBasis,
    operation: number,
    stamps: TierStamps,
    startedAt: number,
  ): Promise<unknown> {
    const fills: Array<Promise<void>> = [];
    for (const offered of basis.offered()) {
      if (this.writeBehind.full()) {
        break;
      }
      const own = offered.loaded();
      const loaded = { ...own, dependencies: basis.dependencies(own.dependencies) };
      const { entry, level } = this.newEntry(offered, loaded, startedAt);
      if (level > 0) {
        const tier = this.levels.persistentAt(level).name;
        const store = () => this.writer.storeNew(entry, level, operation, stamps);
        fills.push(this.writeBehind.schedule({ entry, tier, operation, stamps }, store).landed);
      }
    }
    return Promise.all(fills);
  }

  /** A new entry, timed by the placement policy, and the level of its home tier. */
  private newEntry(
    request: { key: string; type: string },
    { json, dependencies, loadCost, ttlMs }: Loaded,
    createdAt: number,
    warmedBy?: string,
  ): { entry: CacheEntry; level: number } {
    const placement = this.placement.place({ key: request.key, type: request.type });
    const expiresAt = this.clock.now() + (ttlMs ?? placement.ttlSeconds * 1000);
    const entry: CacheEntry = {
      key: request.key,
      type: request.type,
      json,
      dependencies,
      sizeBytes: measuredSizeBytes({ key: request.key, json, dependencies }),
      createdAt,
      expiresAt,
      staleUntil: expiresAt + this.settings.graceSeconds * 1000,
      ...(placement.band === undefined ? {} : { band: placement.band }),
      ...(loadCost === undefined ? {} : { loadCost }),
      ...(warmedBy === undefined ? {} : { warmedBy }),
    };
    return { entry, level: this.levels.levelFor(placement.tier) };
  }

  private async invalidateEverywhere(scope: InvalidationScope): Promise<number> {
    const operation = this.epochs.begin();
    let applied: TierStamps | undefined;
    this.epochs.started(scope);
    try {
      this.counters.invalidations += 1;
      const local = invalidateInHotTier(this.levels.hot, scope) + this.writeBehind.cancel(scope);
      const shared = await this.sharedInvalidation.invalidate(scope);
      applied = shared.applied;
      await this.publish(scope, shared.applied);
      return local + shared.removed;
    } finally {
      this.epochs.finished(scope, applied);
      this.epochs.release(operation);
    }
  }

  private async publish(scope: InvalidationScope, applied: TierStamps): Promise<void> {
    try {
      await this.bus.publish({
        ...scope,
        origin: this.replicaId,
        ...(applied.empty ? {} : { appliedAt: applied.toRecord() }),
      });
    } catch {
      // The write itself is done here; other replicas' hot tiers keep the entry until it expires.
      this.counters.busFailures += 1;
    }
  }

  /** Another replica wrote: its persistent tiers are ours too, only the hot tier is left to clear. */
  private onBusMessage(message: InvalidationMessage): void {
    if (message.origin === this.replicaId) {
      return;
    }
    // The sender has already deleted from the shared tiers: the invalidation is finished here
    // too, and what it left there tells which loads under way here began after it.
    const scope = withoutOrigin(message);
    this.epochs.started(scope);
    invalidateInHotTier(this.levels.hot, scope);
    this.epochs.finished(
      scope,
      message.appliedAt === undefined ? undefined : TierStamps.fromRecord(message.appliedAt),
    );
    this.counters.remoteInvalidations += 1;
  }

  private async tierState(name: 'warm' | 'cold'): Promise<TierState> {
    const tier = this.levels.named(name);
    if (tier === undefined) {
      return { configured: false };
    }
    const occupancy = await tier.occupancy();
    return { configured: true, circuit: tier.circuit, occupancy };
  }
}

function answered(entry: CacheEntry, source: CacheSource): Answered {
  return { value: answerOf(entry, source), entry };
}

function answerOf(entry: CacheEntry, source: CacheSource): CachedValue {
  return entry.loadCost === undefined
    ? { json: entry.json, source }
    : { json: entry.json, source, loadCost: entry.loadCost };
}

function loadFailureKind(error: unknown): 'loaderFailures' | 'loadsRefused' | 'loaderTimeouts' {
  if (!(error instanceof SourceUnavailableError)) {
    return 'loaderFailures';
  }
  return error.reason === 'overloaded' ? 'loadsRefused' : 'loaderTimeouts';
}

/** Of two expired entries, the one that may be served longest. */
function newestStale(
  first: CacheEntry | undefined,
  second: CacheEntry | undefined,
): CacheEntry | undefined {
  if (first === undefined || second === undefined) {
    return first ?? second;
  }
  return second.staleUntil > first.staleUntil ? second : first;
}

function secondsSince(startedAt: number): number {
  return (performance.now() - startedAt) / 1000;
}
