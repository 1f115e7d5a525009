import type { JitterConfig } from './ttl-policy-config';

/** Uniform in [0, 1), like Math.random; injected so tests draw from a seeded sequence. */
export type RandomSource = () => number;

/**
 * Spreads a TTL uniformly over ±ratio so entries written together do not expire together, then
 * clamps it, so no draw ever leaves [minSeconds, maxSeconds]. Whole seconds: TTLs are shown and
 * stored as seconds.
 */
export function jitteredTtl(
  ttlSeconds: number,
  jitter: JitterConfig,
  random: RandomSource,
): number {
  const deviation = (random() * 2 - 1) * jitter.ratio;
  const drawn = Math.round(ttlSeconds * (1 + deviation));
  return Math.min(jitter.maxSeconds, Math.max(jitter.minSeconds, drawn));
}
