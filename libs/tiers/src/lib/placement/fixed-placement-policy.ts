import type { TierName } from '../core/cache-entry';
import type { Placement, PlacementPolicy, PlacementRequest } from '../core/placement-policy';

interface FixedPlacement {
  tier: TierName;
  ttlSeconds: number;
}

/** DESIGN §4, medium column: where each type lives and for how long while volatility is unknown. */
export const MEDIUM_PLACEMENTS: Readonly<Record<string, FixedPlacement>> = {
  task: { tier: 'warm', ttlSeconds: 300 },
  project: { tier: 'warm', ttlSeconds: 900 },
  user: { tier: 'warm', ttlSeconds: 600 },
  git_branch: { tier: 'warm', ttlSeconds: 1200 },
  agent: { tier: 'cold', ttlSeconds: 3600 },
  template: { tier: 'cold', ttlSeconds: 7200 },
  context: { tier: 'warm', ttlSeconds: 600 },
};

/**
 * Places every entry by its type alone, in the medium band and without jitter. It stands in until
 * the TTL-policy issue supplies the adaptive policy; an unknown type is treated as a context.
 */
export class FixedPlacementPolicy implements PlacementPolicy {
  constructor(
    private readonly placements: Readonly<Record<string, FixedPlacement>> = MEDIUM_PLACEMENTS,
  ) {}

  place(request: PlacementRequest): Placement {
    const placement = this.placements[request.type] ?? this.placements['context'];
    if (placement === undefined) {
      throw new Error(`No placement for type "${request.type}" and no "context" fallback`);
    }
    return { ...placement, band: 'medium' };
  }
}
