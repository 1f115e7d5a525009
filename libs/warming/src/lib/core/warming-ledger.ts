import type { ThrottleState } from './source-throttle';
import type { HotDeparture, WarmResult } from '@strata/tiers';
import type { StartupRun } from '../startup/startup-run';

/** One strategy's figures (DESIGN §6 success: a warmed entry read before it left). */
export interface StrategyFigures {
  /** Keys the strategy proposed (a key proposed again while queued counts again). */
  proposed: number;
  /** Proposals turned away by the full queue. */
  dropped: number;
  /** Proposals whose key some tier already held fresh, or was loading: nothing loaded. */
  present: number;
  /** Loads that stored an entry. */
  warmed: number;
  /** Loads an invalidation overtook: nothing stored. */
  overtaken: number;
  failed: number;
  /** Source statements its loads ran in this process (stored or overtaken alike). */
  statements: number;
  /** Warmed entries read before they expired or left the hot tier. */
  succeeded: number;
  /** Warmed entries that expired or left the hot tier unread. */
  wasted: number;
  /** Warmed entries not yet read, nor expired. */
  pending: number;
}

export interface WarmingStats {
  strategies: Record<string, StrategyFigures>;
  /** Proposals waiting to run. */
  queued: number;
  /** Proposals the queue holds at most (STRATA_WARMING_MAX_QUEUED). */
  queueCapacity: number;
  /** Loads under way. */
  running: number;
  /** Warming's statement rate now, and whether it is backing off a slow source. */
  throttle?: { statementsPerSecond: number; state: ThrottleState };
  /** succeeded / (succeeded + wasted) over every strategy; undefined before any is settled. */
  successRate?: number;
  /** What start-up warming did in this process; absent where it has not been set up. */
  startup?: StartupRun;
}

interface Pending {
  strategy: string;
  /** When the load was asked for: the entry it stored was created no earlier. */
  warmedAt: number;
  expiresAt: number;
}

const EMPTY: Omit<StrategyFigures, 'pending'> = {
  proposed: 0,
  dropped: 0,
  present: 0,
  warmed: 0,
  overtaken: 0,
  failed: 0,
  statements: 0,
  succeeded: 0,
  wasted: 0,
};

/** A strategy that has done nothing yet. */
export const NO_STRATEGY_FIGURES: StrategyFigures = { ...EMPTY, pending: 0 };

/**
 * Counts what each strategy proposed and what became of it, and settles every warmed entry as a
 * success (read while fresh: a fresh hit on an entry carrying its strategy) or as waste (it left
 * the hot tier unread, or expired unread). Bounded: at most `capacity` entries await settling;
 * beyond that the oldest is settled as waste, which can only understate success.
 */
export class WarmingLedger {
  private readonly figures = new Map<string, Omit<StrategyFigures, 'pending'>>();
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly capacity: number) {}

  count(strategy: string, figure: 'proposed' | 'dropped' | 'failed', by = 1): void {
    this.of(strategy)[figure] += by;
  }

  /** What a load asked for at `warmedAt` came to. */
  settled(
    strategy: string,
    key: string,
    warmedAt: number,
    { outcome, expiresAt, statements }: WarmResult,
  ): void {
    const figures = this.of(strategy);
    figures.statements += statements ?? 0;
    switch (outcome) {
      case 'loaded':
        figures.warmed += 1;
        this.replacePending(key, { strategy, warmedAt, expiresAt: expiresAt ?? warmedAt });
        return;
      case 'present':
        figures.present += 1;
        return;
      case 'overtaken':
        figures.overtaken += 1;
        return;
      case 'failed':
      case 'disabled':
        figures.failed += 1;
        return;
    }
  }

  /** A fresh hit: the first one on an entry warmed here is its strategy's success. */
  read(key: string, createdAt: number, warmedBy: string | undefined): void {
    const pending = this.pending.get(key);
    if (pending === undefined || warmedBy !== pending.strategy || createdAt < pending.warmedAt) {
      return;
    }
    this.pending.delete(key);
    this.of(pending.strategy).succeeded += 1;
  }

  /** An entry left the hot tier; one warmed here and never read there is waste. */
  departed(departure: HotDeparture): void {
    if (departure.warmedBy === undefined || departure.readSinceAdmitted) {
      return;
    }
    const pending = this.pending.get(departure.key);
    if (pending !== undefined && pending.strategy === departure.warmedBy) {
      this.waste(departure.key, pending);
    }
  }

  /** Settles as waste every entry that expired unread by `now`. */
  expire(now: number): void {
    for (const [key, pending] of this.pending) {
      if (pending.expiresAt <= now) {
        this.waste(key, pending);
      }
    }
  }

  report(): Record<string, StrategyFigures> {
    const pendingBy = new Map<string, number>();
    for (const { strategy } of this.pending.values()) {
      pendingBy.set(strategy, (pendingBy.get(strategy) ?? 0) + 1);
    }
    const report: Record<string, StrategyFigures> = {};
    for (const [strategy, figures] of this.figures) {
      report[strategy] = { ...figures, pending: pendingBy.get(strategy) ?? 0 };
    }
    return report;
  }

  private replacePending(key: string, entry: Pending): void {
    const previous = this.pending.get(key);
    if (previous !== undefined) {
      // Replaced before anyone read it.
      this.waste(key, previous);
    }
    this.pending.set(key, entry);
    if (this.pending.size > this.capacity) {
      const [oldestKey, oldest] = this.pending.entries().next().value as [string, Pending];
      this.waste(oldestKey, oldest);
    }
  }

  private waste(key: string, pending: Pending): void {
    this.pending.delete(key);
    this.of(pending.strategy).wasted += 1;
  }

  private of(strategy: string): Omit<StrategyFigures, 'pending'> {
    let figures = this.figures.get(strategy);
    if (figures === undefined) {
      figures = { ...EMPTY };
      this.figures.set(strategy, figures);
    }
    return figures;
  }
}
