import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { CachedContexts, type ContextActivity } from '@strata/context-cache';
import type { Clock } from '@strata/tiers';
import { WarmingService } from './core/warming.service';
import type { WarmProposal } from './core/warming-strategy';
import { parseKey } from './strategies/relationships/context-chain';
import { RelationshipRules } from './strategies/relationships/relationship-rules';
import { WARMING_CLOCK } from './warming.tokens';

/**
 * Feeds the relationship rules from what happens in this process: every read and write
 * CachedContexts serves, and the login and checkout events the api records. Nothing here waits
 * for warming or lets it fail a request.
 */
@Injectable()
export class WarmingTriggers implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WarmingTriggers.name);
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly contexts: CachedContexts,
    private readonly warming: WarmingService,
    private readonly rules: RelationshipRules,
    @Inject(WARMING_CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.stops.push(this.contexts.onActivity((activity) => this.activity(activity)));
  }

  onModuleDestroy(): void {
    for (const stop of this.stops.splice(0)) {
      stop();
    }
  }

  /** `POST /v1/users/:id/login` was recorded. */
  login(userId: string): void {
    this.later('login', () => this.rules.login(userId));
  }

  /** `POST /v1/branches/:id/checkout` was recorded. */
  checkout(branchId: string): void {
    this.later('checkout', () => this.rules.checkout(branchId));
  }

  private activity(activity: ContextActivity): void {
    if (activity.kind === 'written') {
      for (const key of activity.keys) {
        const { type, id } = parseKey(key);
        if (type === 'project') {
          this.warming.propose('project-update', this.rules.projectUpdated(id));
        }
      }
      return;
    }
    const { key, json, userId } = activity;
    this.rules.recent.record(key, json, this.clock.now(), userId);
    const { type, id } = parseKey(key);
    if (type === 'task' && this.warming.enabled('task-read')) {
      this.warming.propose('task-read', this.rules.taskRead(key, json));
    } else if (type === 'project' && this.warming.enabled('project-read')) {
      this.later('project-read', () => this.rules.projectRead(id));
    }
  }

  /** Runs a rule that asks the source in the background and queues what it proposes. */
  private later(strategy: string, rule: () => Promise<WarmProposal[]>): void {
    if (!this.warming.enabled(strategy)) {
      return;
    }
    this.warming.track(
      rule().then(
        (proposals) => this.warming.propose(strategy, proposals),
        (error: unknown) => {
          this.warming.failedToPropose(strategy);
          this.logger.warn(`${strategy}: ${error instanceof Error ? error.message : error}`);
        },
      ),
    );
  }
}
