import type { BandThresholds, VolatilityBand } from './ttl-policy-config';

/** The band a volatility score in [0, 1] falls in; a threshold belongs to the band above it. */
export function bandOf(score: number, thresholds: BandThresholds): VolatilityBand {
  if (score >= thresholds.high) {
    return 'high';
  }
  return score >= thresholds.medium ? 'medium' : 'low';
}
