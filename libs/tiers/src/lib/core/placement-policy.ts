import type { TierName, VolatilityBand } from './cache-entry';

export interface PlacementRequest {
  key: string;
  type: string;
}

export interface Placement {
  /** The home tier of a new entry. */
  tier: TierName;
  /** Time to live, jitter included. */
  ttlSeconds: number;
  band?: VolatilityBand;
}

/** Decides where a new entry lives and for how long; the TTL-policy issue supplies the adaptive one. */
export interface PlacementPolicy {
  place(request: PlacementRequest): Placement;
}
