import type { Placement, PlacementPolicy, PlacementRequest } from '@strata/tiers';
import type { TtlPolicy } from '@strata/ttl-policy';
import type { VolatilityService } from '@strata/volatility';
import { updatedThrough } from '../context-level-entity';

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
    const { score } = this.volatility.scoreOf(request.key, updatedThrough(request.key));
    return this.ttl.place(request.type, score);
  }
}
