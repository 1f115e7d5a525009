import { Inject, Injectable } from '@nestjs/common';
import { EntityRelations, EntityStore, SourceQueryCounter } from '@strata/contexts';
import type { Clock } from '@strata/tiers';
import type { WarmingSettings } from '../config/warming-config';
import { measuredRun, type MeasuredRun } from '../core/measured-run';
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

/** An order refused before anything was loaded: what was wrong with it. */
export class WarmOrderRefused extends Error {
  constructor(
    readonly reason: 'invalid' | 'not-found' | 'disabled',
    message: string,
  ) {
    super(message);
  }
}

/** Above anything a strategy proposes: an operator asked. */
const ASKED_PRIORITY = 1_000;

/**
 * Warming an operator asks for, now, through WarmingService's normal load path: named keys, a
 * project's contexts (its own, its branches', its recently updated tasks'), or a scheduled
 * strategy run as its job would run it. Answers with what the run did and what it cost.
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

  async warm(order: WarmOrder): Promise<MeasuredRun> {
    if ('strategy' in order) {
      return this.scheduled.run(this.scheduledStrategy(order.strategy));
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

  private measured(decide: () => Promise<WarmProposal[]>): Promise<MeasuredRun> {
    const { warming, counter, clock } = this;
    return measuredRun({ warming, counter, clock }, ON_DEMAND_STRATEGY, decide);
  }
}

function asked(key: string, what: string): WarmProposal {
  return { key, priority: ASKED_PRIORITY, reason: `asked for: ${what}` };
}
