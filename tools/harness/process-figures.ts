import { readFileSync } from 'node:fs';

/** What the api says about its own process on /metrics (prom-client's default metrics). */
export interface ApiProcessFigures {
  rssBytes: number;
  heapUsedBytes: number;
  /** p99 of the event loop's delay as prom-client samples it. */
  eventLoopLagP99Ms: number;
  /** The hot tier's measured bytes (/v1/cache/stats). */
  hotTierBytes: number;
}

export async function apiProcessFigures(
  baseUrl: string,
  headers: Record<string, string> = {},
): Promise<ApiProcessFigures> {
  const [metrics, stats] = await Promise.all([
    fetch(`${baseUrl}/metrics`).then((response) => response.text()),
    fetch(`${baseUrl}/v1/cache/stats`, { headers }).then(
      (response) => response.json() as Promise<{ tiers: { hot: { bytes: number } } }>,
    ),
  ]);
  return {
    rssBytes: metricValue(metrics, 'process_resident_memory_bytes'),
    heapUsedBytes: metricValue(metrics, 'nodejs_heap_size_used_bytes'),
    eventLoopLagP99Ms: metricValue(metrics, 'nodejs_eventloop_lag_p99_seconds') * 1000,
    hotTierBytes: stats.tiers.hot.bytes,
  };
}

function metricValue(text: string, name: string): number {
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name} `) || candidate.startsWith(`${name}{`));
  const value = Number(line?.split(' ').at(-1));
  if (!Number.isFinite(value)) {
    throw new Error(`/metrics has no ${name}`);
  }
  return value;
}

/** A process's resident memory from /proc (Linux), for processes without /metrics (the warmer). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kilobytes * 1024;
}
