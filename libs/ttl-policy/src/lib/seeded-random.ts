import type { RandomSource } from './jitter';

/**
 * Mulberry32: a small, fast, seeded RandomSource, so that a jitter draw, a calibration fixture or
 * a benchmark replays the same sequence on every run.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
