import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { HealthIndicatorFunction, HealthIndicatorResult } from '@nestjs/terminus';
import { StrataCache } from '@strata/tiers';
import { performance } from 'node:perf_hooks';
import type { WarmingSettings } from '../config/warming-config';
import { WarmingService } from '../core/warming.service';
import type { WarmingStrategy } from '../core/warming-strategy';
import { PredictiveWarming } from '../strategies/predictive/predictive-warming';
import { WARMING_MODULE_OPTIONS, type WarmingModuleOptions } from '../warming.module-definition';
import { WARMING_SETTINGS } from '../warming.tokens';
import { notStarted, withFills, type StartupRun } from './startup-run';

/** Keys asked of the shared tiers per batch read. */
const BATCH = 200;

/**
 * Start-up warming (DESIGN §6): a replica that starts fills its hot tier with its predicted hot
 * set from the warm tier, never from the source, before it reports ready. The hot set is
 * PredictiveWarming's ranking of every key over the shared read history (the same scoring,
 * entities as well as contexts); the copies go through StrataCache.fillHot, which reads the
 * persistent tiers only and skips what is expired or older than an invalidation heard. Bounded by
 * entries, bytes and a time limit: it runs in the background from application bootstrap, and the
 * readiness indicator stays down until it finishes or the limit passes, whichever comes first;
 * liveness is not concerned.
 */
@Injectable()
export class StartupWarming
  implements WarmingStrategy, OnApplicationBootstrap, OnApplicationShutdown
{
  readonly name = 'startup';
  private readonly logger = new Logger('StartupWarming');
  private run: StartupRun;
  private finished: Promise<StartupRun> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly cache: StrataCache,
    private readonly predictive: PredictiveWarming,
    private readonly warming: WarmingService,
    @Inject(WARMING_SETTINGS) private readonly settings: WarmingSettings,
    @Inject(WARMING_MODULE_OPTIONS) private readonly options: WarmingModuleOptions,
  ) {
    this.run = notStarted(this.switchedOn() ? 'waiting' : 'off');
    this.warming.startupRan(this.run);
  }

  onApplicationBootstrap(): void {
    void this.warmUp();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Starts start-up warming once; resolves with its run when it has finished or hit its limit. */
  warmUp(): Promise<StartupRun> {
    if (this.run.state === 'off') {
      return Promise.resolve(this.run);
    }
    this.finished ??= this.bounded();
    return this.finished;
  }

  /** What it did so far. */
  report(): StartupRun {
    return this.run;
  }

  /** Whether it no longer holds readiness back. */
  get settled(): boolean {
    return this.run.state !== 'waiting' && this.run.state !== 'running';
  }

  /** For readiness: down until start-up warming has finished or hit its time limit. */
  indicator(key = 'startupWarming'): HealthIndicatorFunction {
    return async (): Promise<HealthIndicatorResult> => {
      const { state, loaded, bytes, ms } = this.run;
      return {
        [key]: {
          status: this.settled ? 'up' : 'down',
          state,
          loaded,
          bytes,
          ...(ms === undefined ? {} : { ms: Math.round(ms) }),
        },
      };
    };
  }

  private switchedOn(): boolean {
    return this.options.startupWarming !== false && this.warming.enabled(this.name);
  }

  private async bounded(): Promise<StartupRun> {
    const startedAt = performance.now();
    this.update({ ...this.run, state: 'running' });
    const limit = new Promise<'timed-out'>((resolve) => {
      this.timer = setTimeout(() => resolve('timed-out'), this.settings.startup.timeLimitMs);
      this.timer.unref();
    });
    const state = await Promise.race([
      this.fill().then(
        () => 'done' as const,
        (error: unknown) => {
          this.logger.warn(`start-up warming failed: ${(error as Error).message}`);
          return 'failed' as const;
        },
      ),
      limit,
    ]);
    clearTimeout(this.timer);
    // A batch under way at the time limit still lands and is counted; no further one starts.
    this.stopped = true;
    this.update({ ...this.run, state, ms: performance.now() - startedAt });
    const { loaded, bytes, predicted } = this.run;
    this.logger.log(
      `${state}: ${loaded} of ${predicted} predicted entries (${bytes} bytes) copied into the hot tier`,
    );
    return this.run;
  }

  private async fill(): Promise<void> {
    const { maxEntries, maxBytes } = this.settings.startup;
    const hotSet = await this.predictive.hotSet(maxEntries);
    this.update({ ...this.run, predicted: hotSet.length });
    for (let from = 0; from < hotSet.length && !this.stopped; from += BATCH) {
      const keys = hotSet.slice(from, from + BATCH).map(({ key }) => key);
      const fills = await this.cache.fillHot({
        keys,
        strategy: this.name,
        maxBytes: maxBytes - this.run.bytes,
      });
      this.warming.copied(this.name, fills);
      this.update(withFills(this.run, fills));
    }
  }

  private update(run: StartupRun): void {
    this.run = run;
    this.warming.startupRan(run);
  }
}
