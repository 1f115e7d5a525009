import { Inject, Injectable } from '@nestjs/common';
import { EntityRelations, SourceQueryCounter } from '@strata/contexts';
import type { Clock } from '@strata/tiers';
import { VolatilityService } from '@strata/volatility';
import type { WarmingSettings } from '../../config/warming-config';
import { measuredRun, type MeasuredRun, type RunningWarm } from '../../core/measured-run';
import { WarmingService } from '../../core/warming.service';
import type { WarmProposal } from '../../core/warming-strategy';
import { WARMING_CLOCK, WARMING_SETTINGS } from '../../warming.tokens';
import { PredictiveWarming } from '../predictive/predictive-warming';
import { keys } from '../relationships/context-chain';

/** A scheduled run as recorded: what it warmed and the source statements it cost. */
export type ScheduledRun = MeasuredRun;

/** Every scheduled run of one strategy since start, summed (the recent runs are a window of them). */
export interface ScheduledTotals {
  runs: number;
  /** Keys the runs loaded into the cache (outcome `loaded`). */
  warmed: number;
  statements: number;
}

const KEPT_RUNS = 20;

/** The strategies the warmer's jobs run, by name. */
export const SCHEDULED_STRATEGIES = [
  'daily-contexts',
  'hourly-active-tasks',
  'recent-most-read',
  'predictive',
] as const;
export type ScheduledStrategy = (typeof SCHEDULED_STRATEGIES)[number];

/**
 * DESIGN §6's schedule, as strategies the warmer's jobs call: the project contexts and users
 * (daily), the contexts of tasks changed lately (hourly), the contexts read most in the recent
 * past (every 15 minutes, from the shared volatility history the api replicas flush), and what
 * the next window is predicted to read (PredictiveWarming, from the same history). Each run
 * loads into the shared tiers through WarmingService.run, and is recorded.
 */
@Injectable()
export class ScheduledWarming {
  private readonly runs: ScheduledRun[] = [];
  private readonly sums = new Map<string, ScheduledTotals>();

  constructor(
    private readonly warming: WarmingService,
    private readonly relations: EntityRelations,
    private readonly volatility: VolatilityService,
    private readonly counter: SourceQueryCounter,
    private readonly predictive: PredictiveWarming,
    @Inject(WARMING_SETTINGS) private readonly settings: WarmingSettings,
    @Inject(WARMING_CLOCK) private readonly clock: Clock,
  ) {}

  /** Starts a scheduled strategy by name now, as its job would (`POST /v1/cache/warm`). */
  start(strategy: ScheduledStrategy): RunningWarm {
    switch (strategy) {
      case 'daily-contexts':
        return this.recorded(strategy, async () => {
          const [projects, users] = await Promise.all([
            this.relations.projectIds(),
            this.relations.userIds(),
          ]);
          return [
            ...projects.map((id) =>
              proposal(keys.projectContext(id), 20, 'daily project contexts'),
            ),
            ...users.map((id) => proposal(keys.user(id), 10, 'daily user contexts')),
          ];
        });
      case 'hourly-active-tasks':
        return this.recorded(strategy, async () => {
          const since = this.clock.now() - this.settings.scheduled.activeTaskHours * 3_600_000;
          const tasks = await this.relations.tasksUpdatedSince(
            since,
            this.settings.scheduled.limit,
          );
          return tasks.map((id) => proposal(keys.taskContext(id), 30, 'task changed lately'));
        });
      case 'recent-most-read':
        return this.recorded(strategy, async () => {
          await this.volatility.flush();
          const since = this.clock.now() - this.settings.scheduled.recentMinutes * 60_000;
          const { limit } = this.settings.scheduled;
          const read = await this.volatility.mostRead('context', since, limit);
          return read.map(({ key, reads }, rank) =>
            proposal(key, 40 + limit - rank, `read ${reads} times lately`),
          );
        });
      case 'predictive':
        // What the next window is predicted to read (PredictiveWarming), within its budget.
        return this.recorded(this.predictive.name, () => this.predictive.predict());
    }
  }

  /** The last runs, newest first. */
  recentRuns(): readonly ScheduledRun[] {
    return [...this.runs].reverse();
  }

  /** Every run since start, by strategy (for /metrics: counters must not forget old runs). */
  totals(): Record<string, ScheduledTotals> {
    return Object.fromEntries([...this.sums].map(([strategy, sums]) => [strategy, { ...sums }]));
  }

  /** Runs a scheduled strategy now and resolves with its record (the warmer's jobs). */
  run(strategy: ScheduledStrategy): Promise<ScheduledRun> {
    return this.start(strategy).done;
  }

  private recorded(strategy: string, decide: () => Promise<WarmProposal[]>): RunningWarm {
    const { warming, counter, clock } = this;
    const running = measuredRun({ warming, counter, clock }, strategy, async () =>
      this.warming.enabled(strategy) ? decide() : [],
    );
    const done = running.done.then((run) => {
      this.runs.push(run);
      this.runs.splice(0, this.runs.length - KEPT_RUNS);
      const sums = this.sums.get(strategy) ?? { runs: 0, warmed: 0, statements: 0 };
      this.sums.set(strategy, {
        runs: sums.runs + 1,
        warmed: sums.warmed + run.outcomes.loaded,
        statements: sums.statements + run.statements,
      });
      return run;
    });
    return { done, sofar: running.sofar };
  }
}

function proposal(key: string, priority: number, reason: string): WarmProposal {
  return { key, priority, reason };
}
