import type { Placement, PlacementPolicy, PlacementRequest } from '@strata/tiers';
import type { TtlPlacement, TtlPolicy } from '@strata/ttl-policy';
import type { ScoreInputs, VolatilityService } from '@strata/volatility';
import { updatedThrough } from '../context-level-entity';

/** The placement an entry would get now before jitter, with the score and inputs behind it. */
export type PlacementReport = TtlPlacement & { score: number; inputs: ScoreInputs };

/**
 * The tiered cache's placement (DESIGN §3–§5): the entry's current volatility score, read from
 * memory, decides its band, home tier and TTL. Asked whenever an entry is written, so an
 * entity whose band changed moves at its next write, without a scan. A resolved context is read
 * under its own key but changes through its level's entity, whose writes count for its `f`.
 */
export class AdaptivePlacementPolicy implements PlacementPolicy {
  constructor(
    private readonly volatility: VolatilityService,
    private readonly ttl: TtlPolicy,
  ) {}

  place(request: PlacementRequest): Placement {
    return this.ttl.place(request.type, this.scoreOf(request.key).score);
  }

  /** What `place` decides for the request now, unjittered, and why (reports, the simulator). */
  report(request: PlacementRequest): PlacementReport {
    const { score, inputs } = this.scoreOf(request.key);
    return { ...this.ttl.nominalPlacement(request.type, score), score, inputs };
  }

  private scoreOf(key: string) {
    return this.volatility.scoreOf(key, updatedThrough(key));
  }
}
