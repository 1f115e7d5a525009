import { Inject, Injectable } from '@nestjs/common';
import { WARMING_STRATEGIES, type WarmingSettings } from '../config/warming-config';
import {
  NO_STRATEGY_FIGURES,
  type StrategyFigures,
  type WarmingStats,
} from '../core/warming-ledger';
import { WarmingService } from '../core/warming.service';
import { ScheduledWarming, type ScheduledRun } from '../strategies/scheduled/scheduled-warming';
import { WARMING_SETTINGS } from '../warming.tokens';
import { ON_DEMAND_STRATEGY } from './on-demand-warming';

export interface StrategyReport extends StrategyFigures {
  /** Switched on by configuration (on-demand warming always is). */
  enabled: boolean;
  /** succeeded / (succeeded + wasted); absent before any entry settled. */
  successRate?: number;
}

/** `GET /v1/cache/warming`: warming in this process, as it is now. */
export interface WarmingReport {
  /** Every strategy, enabled or not, and on-demand warming. */
  strategies: Record<string, StrategyReport>;
  /** Over every strategy; absent before any entry settled. */
  successRate?: number;
  queue: { depth: number; capacity: number };
  /** Warming loads under way, and at most at once. */
  inFlight: number;
  concurrency: number;
  /** Warming's share of the source now: its statements per second and the back-off's state. */
  throttle?: WarmingStats['throttle'];
  /** Start-up warming in this process (StartupWarming). */
  startup?: WarmingStats['startup'];
  /** The last scheduled runs in this process, newest first. */
  scheduledRuns: readonly ScheduledRun[];
}

/** The ledger, the queue and the scheduled runs in one report, from the figures they keep. */
@Injectable()
export class WarmingOverview {
  constructor(
    private readonly warming: WarmingService,
    private readonly scheduled: ScheduledWarming,
    @Inject(WARMING_SETTINGS) private readonly settings: WarmingSettings,
  ) {}

  report(): WarmingReport {
    const stats = this.warming.stats();
    const names = new Set<string>([
      ...WARMING_STRATEGIES,
      ON_DEMAND_STRATEGY,
      ...Object.keys(stats.strategies),
    ]);
    const strategies: Record<string, StrategyReport> = {};
    for (const name of names) {
      const figures = stats.strategies[name] ?? NO_STRATEGY_FIGURES;
      const settled = figures.succeeded + figures.wasted;
      strategies[name] = {
        ...figures,
        enabled: name === ON_DEMAND_STRATEGY || this.warming.enabled(name),
        ...(settled === 0 ? {} : { successRate: figures.succeeded / settled }),
      };
    }
    return {
      strategies,
      ...(stats.successRate === undefined ? {} : { successRate: stats.successRate }),
      queue: { depth: stats.queued, capacity: stats.queueCapacity },
      inFlight: stats.running,
      concurrency: this.settings.concurrency,
      ...(stats.throttle === undefined ? {} : { throttle: stats.throttle }),
      ...(stats.startup === undefined ? {} : { startup: stats.startup }),
      scheduledRuns: this.scheduled.recentRuns(),
    };
  }
}
