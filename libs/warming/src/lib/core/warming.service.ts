import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  StrataCache,
  type Clock,
  type HotDeparture,
  type HotFill,
  type WarmOutcome,
  type WarmResult,
} from '@strata/tiers';
import { WARMING_CLOCK, WARMING_SETTINGS } from '../warming.tokens';
import type { WarmingSettings } from '../config/warming-config';
import { performance } from 'node:perf_hooks';
import { SourceThrottle } from './source-throttle';
import { WarmableKeys } from './warmable-keys';
import { WarmingLedger, type WarmingStats } from './warming-ledger';
import { WarmingQueue, type QueuedProposal } from './warming-queue';
import type { WarmProposal } from './warming-strategy';
import type { StartupRun } from '../startup/startup-run';

/** What one call of `run` did, for a scheduled run's record or `POST /v1/cache/warm`. */
export interface WarmRunReport {
  strategy: string;
  proposed: number;
  outcomes: Record<WarmOutcome, number>;
  /** Keys loaded into the cache (outcome `loaded`), at most the first 50. */
  warmedKeys: string[];
}

const REPORTED_KEYS = 50;

/** A run's report before anything was proposed or loaded. */
export function emptyRunReport(strategy: string): WarmRunReport {
  return {
    strategy,
    proposed: 0,
    outcomes: { present: 0, loaded: 0, overtaken: 0, failed: 0, disabled: 0 },
    warmedKeys: [],
  };
}
/** Expired unread entries are settled as waste every so many settlements (and on every report). */
const EXPIRY_CHECK_EVERY = 256;

/**
 * Executes what strategies propose, through the cache's own load path (`StrataCache.warm`): single
 * flight, invalidation epochs, admission and budgets hold for warmed entries as for read ones. No
 * scheduler of its own: events and the warmer's jobs call it. `propose` queues (bounded, one per
 * key, highest priority first) and runs at most `concurrency` loads at a time in the background,
 * so that warming never takes more of the source than that from the reads; `run` loads a batch
 * now and reports what became of it.
 */
@Injectable()
export class WarmingService implements OnModuleDestroy {
  private readonly queue: WarmingQueue;
  private readonly ledger: WarmingLedger;
  private running = 0;
  /** Strategies working out what to propose (asking the source): idle waits for them too. */
  private deciding = 0;
  private settlements = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private startup: StartupRun | undefined;

  constructor(
    private readonly cache: StrataCache,
    private readonly keys: WarmableKeys,
    @Inject(WARMING_SETTINGS) private readonly settings: WarmingSettings,
    @Inject(WARMING_CLOCK) private readonly clock: Clock,
    private readonly throttle: SourceThrottle,
  ) {
    this.queue = new WarmingQueue(settings.maxQueued);
    this.ledger = new WarmingLedger(settings.maxTracked);
  }

  /** Whether the strategy is switched on by configuration. */
  enabled(strategy: string): boolean {
    return this.settings.strategies.includes(strategy);
  }

  /** Queues the proposals of an enabled strategy; they load in the background. */
  propose(strategy: string, proposals: readonly WarmProposal[]): void {
    if (this.closed || !this.enabled(strategy) || proposals.length === 0) {
      return;
    }
    this.ledger.count(strategy, 'proposed', proposals.length);
    for (const proposal of proposals) {
      const turnedAway = this.queue.offer({ ...proposal, strategy });
      if (turnedAway !== undefined) {
        this.ledger.count(turnedAway.strategy, 'dropped');
      }
    }
    this.pump();
  }

  /**
   * Loads the proposals now (at most `concurrency` at a time), highest priority first, counting
   * each outcome into `report` as it settles (so that a caller may read the run under way).
   */
  async run(
    strategy: string,
    proposals: readonly WarmProposal[],
    report: WarmRunReport = emptyRunReport(strategy),
  ): Promise<WarmRunReport> {
    report.proposed = proposals.length;
    this.ledger.count(strategy, 'proposed', proposals.length);
    const ordered = [...proposals].sort((a, b) => b.priority - a.priority);
    let next = 0;
    const worker = async () => {
      while (next < ordered.length) {
        const proposal = ordered[next++];
        const outcome = await this.load({ ...proposal, strategy });
        report.outcomes[outcome] += 1;
        if (outcome === 'loaded' && report.warmedKeys.length < REPORTED_KEYS) {
          report.warmedKeys.push(proposal.key);
        }
      }
    };
    await Promise.all(Array.from({ length: this.settings.concurrency }, worker));
    return report;
  }

  /** Counts a strategy working out its proposals in the background, until `work` settles. */
  track(work: Promise<unknown>): void {
    this.deciding += 1;
    void work.finally(() => {
      this.deciding -= 1;
      this.wakeIdle();
    });
  }

  /** A strategy could not work out its proposals (its statements failed). */
  failedToPropose(strategy: string): void {
    this.ledger.count(strategy, 'failed');
  }

  /** A read a fresh entry answered (from the cache's fresh-hit listener). */
  heard(key: string, createdAt: number, warmedBy: string | undefined): void {
    this.ledger.read(key, createdAt, warmedBy);
  }

  /**
   * Entries a strategy copied into the hot tier from a shared one (start-up warming): no load and
   * no statement, settled as success or waste like any warmed entry. A copy's entry was loaded
   * when its `createdAt` says, which is what a read of it is checked against.
   */
  copied(strategy: string, fills: readonly HotFill[]): void {
    this.ledger.count(strategy, 'proposed', fills.length);
    const now = this.clock.now();
    for (const fill of fills) {
      if (fill.outcome === 'copied') {
        this.ledger.settled(strategy, fill.key, fill.createdAt ?? now, {
          outcome: 'loaded',
          ...(fill.expiresAt === undefined ? {} : { expiresAt: fill.expiresAt }),
          statements: 0,
        });
      } else if (fill.outcome === 'present') {
        this.ledger.settled(strategy, fill.key, now, { outcome: 'present' });
      }
    }
  }

  /** Start-up warming's run as it stands, reported here so that `stats` carries it. */
  startupRan(run: StartupRun): void {
    this.startup = run;
  }

  /** Resolves once the queue is empty and no load runs. */
  idle(): Promise<void> {
    if (this.running === 0 && this.deciding === 0 && this.queue.size === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** An entry left the hot tier (HotTierStore.onDeparture). */
  departed(departure: HotDeparture): void {
    this.ledger.departed(departure);
  }

  stats(): WarmingStats {
    this.ledger.expire(this.clock.now());
    const strategies = this.ledger.report();
    let succeeded = 0;
    let wasted = 0;
    for (const figures of Object.values(strategies)) {
      succeeded += figures.succeeded;
      wasted += figures.wasted;
    }
    return {
      strategies,
      queued: this.queue.size,
      queueCapacity: this.settings.maxQueued,
      running: this.running,
      throttle: {
        statementsPerSecond: this.throttle.statementsPerSecond,
        state: this.throttle.state,
      },
      ...(succeeded + wasted === 0 ? {} : { successRate: succeeded / (succeeded + wasted) }),
      ...(this.startup === undefined ? {} : { startup: this.startup }),
    };
  }

  onModuleDestroy(): Promise<void> {
    this.closed = true;
    while (this.queue.take() !== undefined) {
      // Queued work is dropped on shutdown; what runs finishes.
    }
    return this.idle();
  }

  private pump(): void {
    while (this.running < this.settings.concurrency) {
      const proposal = this.queue.take();
      if (proposal === undefined) {
        break;
      }
      this.running += 1;
      void this.load(proposal).finally(() => {
        this.running -= 1;
        this.pump();
        this.wakeIdle();
      });
    }
    this.wakeIdle();
  }

  private async load(proposal: QueuedProposal): Promise<WarmOutcome> {
    const request = this.keys.requestFor(proposal.key);
    // Within the statement rate, behind the users' own statements (SourceThrottle).
    await this.throttle.admit();
    const warmedAt = this.clock.now();
    const started = performance.now();
    const result: WarmResult =
      request === undefined
        ? { outcome: 'failed' }
        : await this.cache.warm({
            ...request,
            strategy: proposal.strategy,
            ...(proposal.refresh === true ? { refresh: true } : {}),
          });
    this.throttle.observe(performance.now() - started, result.statements ?? 0);
    this.ledger.settled(proposal.strategy, proposal.key, warmedAt, result);
    if (++this.settlements % EXPIRY_CHECK_EVERY === 0) {
      this.ledger.expire(this.clock.now());
    }
    return result.outcome;
  }

  private wakeIdle(): void {
    if (this.running > 0 || this.deciding > 0 || this.queue.size > 0) {
      return;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) {
      wake();
    }
  }
}
