import { Inject, Injectable } from '@nestjs/common';
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
/** Only resolved contexts: the expensive reads, and what the other scheduled runs warm too. */
const CONTEXT_TYPE = 'context';
const CONTEXT_PREFIX = 'context:';
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
    const { limit, windowMinutes, followFrom } = this.settings.predictive;
    const now = this.clock.now();
    // The hour the middle of the window falls in: a window across an hour boundary is mostly the
    // next hour's when it starts late in this one.
    const hour = new Date(now + (windowMinutes * MINUTE_MS) / 2).getUTCHours();
    await this.volatility.flush();
    const candidates = limit * 2;
    const [atHour, lasting, recent] = await Promise.all([
      this.volatility.hourLeaders(CONTEXT_PREFIX, hour, candidates),
      this.volatility.mostAccessed(CONTEXT_TYPE, candidates),
      this.volatility.mostRead(CONTEXT_TYPE, now - HOUR_MS, candidates),
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
      key.startsWith(CONTEXT_PREFIX),
    );
    const predictions = rankPredictions({ atHour, lasting, recent, following }, limit);
    this.last = { at: now, hour, predictions };
    return predictions.map(({ key, score, because }) => ({
      key,
      // Above the other scheduled runs' priorities, best predictions first.
      priority: 1_000 + Math.round(score * 1_000),
      reason: `predicted (${because}, score ${score.toFixed(2)})`,
    }));
  }
}
