/** One sample of the processes under load. */
export interface SoakSample {
  atSeconds: number;
  apiRssBytes: number;
  apiHeapUsedBytes: number;
  hotTierBytes: number;
  eventLoopLagP99Ms: number;
  warmerRssBytes: number;
  requests: number;
}

/** How much memory may grow once warmed up: what the soak states and checks. */
export const MEMORY_BOUNDS = {
  /** The api's heap, less what the hot tier holds (which its byte budget bounds on its own). */
  heapExcludingHotTierBytes: 32 * 1024 * 1024,
  apiRssBytes: 96 * 1024 * 1024,
  warmerRssBytes: 64 * 1024 * 1024,
};

export interface MemoryGrowth {
  heapExcludingHotTierBytes: number;
  apiRssBytes: number;
  warmerRssBytes: number;
  /** Each growth that passed its bound, said in words. */
  exceeded: string[];
}

/**
 * Growth after warm-up: the median of the last third of the samples taken after `warmUpSeconds`
 * against the median of the first third (medians, so that one collection more or less does not
 * decide).
 */
export function memoryGrowth(samples: SoakSample[], warmUpSeconds: number): MemoryGrowth {
  const settled = samples.filter((sample) => sample.atSeconds >= warmUpSeconds);
  if (settled.length < 3) {
    throw new Error(`only ${settled.length} samples after the warm-up: run longer`);
  }
  const third = Math.max(1, Math.floor(settled.length / 3));
  const growth = (value: (sample: SoakSample) => number) =>
    median(settled.slice(-third).map(value)) - median(settled.slice(0, third).map(value));
  const result = {
    heapExcludingHotTierBytes: growth((sample) => sample.apiHeapUsedBytes - sample.hotTierBytes),
    apiRssBytes: growth((sample) => sample.apiRssBytes),
    warmerRssBytes: growth((sample) => sample.warmerRssBytes),
  };
  const exceeded = (Object.keys(MEMORY_BOUNDS) as Array<keyof typeof MEMORY_BOUNDS>)
    .filter((name) => result[name] > MEMORY_BOUNDS[name])
    .map(
      (name) =>
        `${name} grew ${megabytes(result[name])} MB (bound ${megabytes(MEMORY_BOUNDS[name])} MB)`,
    );
  return { ...result, exceeded };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
