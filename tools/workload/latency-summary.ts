/** Average and tail of per-request wall-clock times, in milliseconds. */
export interface LatencySummary {
  meanMs: number;
  p99Ms: number;
}

export function summariseLatency(samples: Float64Array | readonly number[]): LatencySummary {
  if (samples.length === 0) {
    return { meanMs: Number.NaN, p99Ms: Number.NaN };
  }
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const sample of sorted) {
    total += sample;
  }
  // Nearest-rank percentile: the smallest sample at or above 99% of them.
  const rank = Math.ceil(0.99 * sorted.length) - 1;
  return { meanMs: total / sorted.length, p99Ms: sorted[rank] };
}
