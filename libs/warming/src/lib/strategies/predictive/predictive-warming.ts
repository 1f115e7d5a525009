import { Inject, Injectable } from '@nestjs/common';
import { ENTITY_TYPES } from '@strata/contexts';
import type { Clock } from '@strata/tiers';
import { VolatilityService } from '@strata/volatility';
import type { WarmingSettings } from '../../config/warming-config';
import type { WarmingStrategy, WarmProposal } from '../../core/warming-strategy';
import { WARMING_CLOCK, WARMING_SETTINGS } from '../../warming.tokens';
import { followingWeights, rankPredictions, type Prediction } from './prediction-model';

/** What the last prediction named, for the run record and for measuring its precision. */
export interface PredictionRecord {
  at: number;
  /** The window's UTC hour of the day whose profile it used. */
  hour: number;
  predictions: Prediction[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Which keys of the history a ranking considers: by key prefix and by the types they record. */
interface KeyScope {
  prefix: string;
  types: readonly string[];
}

/** Only resolved contexts: the expensive reads, and what the other scheduled runs warm too. */
const CONTEXTS: KeyScope = { prefix: 'context:', types: ['context'] };
/** Every key a read records (the global context's key records as a context). */
const EVERY_KEY: KeyScope = { prefix: '', types: [...ENTITY_TYPES, 'context'] };
/** Successors asked for per busy key. */
const SUCCESSORS = 5;

/**
 * Predictive warming (DESIGN §6): from the shared volatility history the replicas flush — each
 * key's reads by hour of the day, its reads ever, its recent decayed weight, and what users read
 * after what — it predicts the contexts the next window will read and proposes the best-scoring
 * ones within its budget. It asks only the history's database, never the source; the source
 * statements it costs are the loads of what it proposes.
 */
@Injectable()
export class PredictiveWarming implements WarmingStrategy {
  readonly name = 'predictive';
  private last: PredictionRecord | undefined;

  constructor(
    private readonly volatility: VolatilityService,
    @Inject(WARMING_SETTINGS) private readonly settings: WarmingSettings,
    @Inject(WARMING_CLOCK) private readonly clock: Clock,
  ) {}

  lastPrediction(): PredictionRecord | undefined {
    return this.last;
  }

  /** The proposals for the window starting now, best first. */
  async predict(): Promise<WarmProposal[]> {
    const now = this.clock.now();
    const hour = this.windowHour(now);
    const predictions = await this.rank(CONTEXTS, this.settings.predictive.limit, now, hour);
    this.last = { at: now, hour, predictions };
    return predictions.map(({ key, score, because }) => ({
      key,
      // Above the other scheduled runs' priorities, best predictions first.
      priority: 1_000 + Math.round(score * 1_000),
      reason: `predicted (${because}, score ${score.toFixed(2)})`,
    }));
  }

  /**
   * The keys of every type the window starting now will read most, best first, at most `limit`:
   * the hot set a replica fills its hot tier with at start (StartupWarming). The same history
   * and scoring as `predict`, over entities as well as contexts.
   */
  async hotSet(limit: number): Promise<Prediction[]> {
    const now = this.clock.now();
    return this.rank(EVERY_KEY, limit, now, this.windowHour(now));
  }

  /**
   * The hour the middle of the window falls in: a window across an hour boundary is mostly the
   * next hour's when it starts late in this one.
   */
  private windowHour(now: number): number {
    return new Date(now + (this.settings.predictive.windowMinutes * MINUTE_MS) / 2).getUTCHours();
  }

  private async rank(
    scope: KeyScope,
    limit: number,
    now: number,
    hour: number,
  ): Promise<Prediction[]> {
    const { followFrom } = this.settings.predictive;
    await this.volatility.flush();
    const candidates = limit * 2;
    // One list per type; several are merged by their reads (one keeps the history's own order).
    const ofEveryType = async (
      read: (type: string) => Promise<Array<{ key: string; reads: number }>>,
    ) => {
      const lists = await Promise.all(scope.types.map(read));
      return lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => b.reads - a.reads);
    };
    const [atHour, lasting, recent] = await Promise.all([
      this.volatility.hourLeaders(scope.prefix, hour, candidates),
      ofEveryType((type) => this.volatility.mostAccessed(type, candidates)),
      ofEveryType((type) => this.volatility.mostRead(type, now - HOUR_MS, candidates)),
    ]);
    const busy = recent.slice(0, followFrom);
    const successors = new Map(
      await Promise.all(
        busy.map(
          async ({ key }) => [key, await this.volatility.readAfter(key, SUCCESSORS)] as const,
        ),
      ),
    );
    const following = followingWeights(busy, successors).filter(({ key }) =>
      key.startsWith(scope.prefix),
    );
    return rankPredictions({ atHour, lasting, recent, following }, limit);
  }
}
