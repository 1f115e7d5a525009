/**
 * Average and tail of per-request times, in milliseconds: wall clock, and the process's CPU time
 * (user + system) over the same span, which time the shared machine gave to other work does not
 * inflate.
 */
export interface LatencySummary {
  meanMs: number;
  p99Ms: number;
  cpuMeanMs: number;
  cpuP99Ms: number;
}

export function summariseLatency(
  samples: Float64Array | readonly number[],
  cpuSamples: Float64Array | readonly number[] = samples,
): LatencySummary {
  const wall = meanAndTail(samples);
  const cpu = meanAndTail(cpuSamples);
  return { meanMs: wall.mean, p99Ms: wall.p99, cpuMeanMs: cpu.mean, cpuP99Ms: cpu.p99 };
}

function meanAndTail(samples: Float64Array | readonly number[]): { mean: number; p99: number } {
  if (samples.length === 0) {
    return { mean: Number.NaN, p99: Number.NaN };
  }
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const sample of sorted) {
    total += sample;
  }
  // Nearest-rank percentile: the smallest sample at or above 99% of them.
  const rank = Math.ceil(0.99 * sorted.length) - 1;
  return { mean: total / sorted.length, p99: sorted[rank] };
}
