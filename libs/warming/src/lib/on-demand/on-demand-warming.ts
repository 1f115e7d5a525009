import { Inject, Injectable } from '@nestjs/common';
import { EntityRelations, EntityStore, SourceQueryCounter } from '@strata/contexts';
import type { Clock } from '@strata/tiers';
import type { WarmingSettings } from '../config/warming-config';
import { measuredRun, type MeasuredRun, type RunningWarm } from '../core/measured-run';
import { WarmableKeys } from '../core/warmable-keys';
import { WarmingService } from '../core/warming.service';
import type { WarmProposal } from '../core/warming-strategy';
import { keys } from '../strategies/relationships/context-chain';
import {
  SCHEDULED_STRATEGIES,
  ScheduledWarming,
  type ScheduledStrategy,
} from '../strategies/scheduled/scheduled-warming';
import { WARMING_CLOCK, WARMING_SETTINGS } from '../warming.tokens';

/** What warmed entries asked for through the API carry as `warmedBy`. */
export const ON_DEMAND_STRATEGY = 'on-demand';

/** `POST /v1/cache/warm`: exactly one of these. */
export type WarmOrder = { keys: readonly string[] } | { strategy: string } | { project: string };

/** What `warm` answers: the run, finished or as it stands when the answer was due. */
export interface WarmAnswer extends MeasuredRun {
  /** False: the run outlasted `onDemandAnswerMs` and goes on in the background. */
  complete: boolean;
}

/** An order refused before anything was loaded: what was wrong with it. */
export class WarmOrderRefused extends Error {
  constructor(
    readonly reason: 'invalid' | 'not-found' | 'disabled' | 'busy',
    message: string,
    /** For `busy`: when a run under way may have finished. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Above anything a strategy proposes: an operator asked. */
const ASKED_PRIORITY = 1_000;

/**
 * Warming an operator asks for, now, through WarmingService's normal load path: named keys, a
 * project's contexts (its own, its branches', its recently updated tasks'), or a scheduled
 * strategy run as its job would run it. Answers with what the run did and what it cost, within
 * `onDemandAnswerMs`: a longer run (a daily run over many projects) is answered as it stands and
 * goes on. The same order while its run is under way joins that run rather than starting another,
 * and at most `maxOnDemandRuns` different runs go on at once, so that repeated orders cannot pile
 * up work on the source.
 */
@Injectable()
export class OnDemandWarming {
  constructor(
    private readonly warming: WarmingService,
    private readonly scheduled: ScheduledWarming,
    private readonly warmable: WarmableKeys,
    private readonly store: EntityStore,
    private readonly relations: EntityRelations,
    private readonly counter: SourceQueryCounter,
    @Inject(WARMING_SETTINGS) private readonly settings: WarmingSettings,
    @Inject(WARMING_CLOCK) private readonly clock: Clock,
  ) {}

  /** Runs under way, by the order that started them (its identity). */
  private readonly underWay = new Map<string, Promise<RunningWarm>>();

  async warm(order: WarmOrder): Promise<WarmAnswer> {
    const identity = identityOf(order);
    let starting = this.underWay.get(identity);
    if (starting === undefined) {
      if (this.underWay.size >= this.settings.maxOnDemandRuns) {
        throw new WarmOrderRefused(
          'busy',
          `${this.underWay.size} on-demand warming runs are under way, the most at once (STRATA_WARMING_MAX_ON_DEMAND_RUNS); ask again when one has finished (GET /v1/cache/warming)`,
          Math.ceil(this.settings.onDemandAnswerMs / 1_000),
        );
      }
      starting = this.start(order);
      this.underWay.set(identity, starting);
      const forget = () => this.underWay.delete(identity);
      // A refused order and a failed run leave no entry behind; the caller hears of the failure.
      starting.then((running) => running.done).then(forget, forget);
    }
    return this.answer(await starting);
  }

  private async answer(running: RunningWarm): Promise<WarmAnswer> {
    let timer: NodeJS.Timeout | undefined;
    const due = new Promise<WarmAnswer>((resolve) => {
      timer = setTimeout(
        () => resolve({ ...running.sofar(), complete: false }),
        this.settings.onDemandAnswerMs,
      );
    });
    try {
      return await Promise.race([running.done.then((run) => ({ ...run, complete: true })), due]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async start(order: WarmOrder): Promise<RunningWarm> {
    if ('strategy' in order) {
      return this.scheduled.start(this.scheduledStrategy(order.strategy));
    }
    if ('keys' in order) {
      const named = [...new Set(order.keys)];
      const unknown = named.filter((key) => this.warmable.requestFor(key) === undefined);
      if (unknown.length > 0) {
        throw new WarmOrderRefused(
          'invalid',
          `not keys of a cacheable value: ${unknown.join(', ')}`,
        );
      }
      return this.measured(async () => named.map((key) => asked(key, 'named')));
    }
    const { project } = order;
    if (!(await this.store.exists('project', project))) {
      throw new WarmOrderRefused('not-found', `project '${project}' not found`);
    }
    return this.measured(async () => {
      const branches = await this.relations.branchesOf(project);
      const tasks = await this.relations.recentTasksOf(branches, this.settings.scheduled.limit);
      return [
        asked(keys.projectContext(project), 'the project'),
        ...branches.map((id) => asked(keys.branchContext(id), 'a branch of the project')),
        ...tasks.map((id) => asked(keys.taskContext(id), 'a task of the project')),
      ];
    });
  }

  private scheduledStrategy(strategy: string): ScheduledStrategy {
    const scheduled = SCHEDULED_STRATEGIES.find((name) => name === strategy);
    if (scheduled === undefined) {
      throw new WarmOrderRefused(
        'invalid',
        `strategy '${strategy}' runs on reads and events, not on demand; name one of ${SCHEDULED_STRATEGIES.join(', ')}`,
      );
    }
    if (!this.warming.enabled(scheduled)) {
      throw new WarmOrderRefused(
        'disabled',
        `strategy '${scheduled}' is switched off here (STRATA_WARMING_STRATEGIES)`,
      );
    }
    return scheduled;
  }

  private measured(decide: () => Promise<WarmProposal[]>): RunningWarm {
    const { warming, counter, clock } = this;
    return measuredRun({ warming, counter, clock }, ON_DEMAND_STRATEGY, decide);
  }
}

function identityOf(order: WarmOrder): string {
  if ('keys' in order) return `keys:${[...new Set(order.keys)].sort().join(',')}`;
  return 'strategy' in order ? `strategy:${order.strategy}` : `project:${order.project}`;
}

function asked(key: string, what: string): WarmProposal {
  return { key, priority: ASKED_PRIORITY, reason: `asked for: ${what}` };
}
