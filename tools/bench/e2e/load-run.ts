import autocannon from 'autocannon';
import { settledCacheStats, statsDelta } from './cache-stats';

/** What one measured run gives, per variant and round. */
export interface RunResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  sourceQueriesPerRequest: number;
  /** Shares of the answers each tier gave, and misses (the loader), from the cache's counters. */
  hotShare: number;
  warmShare: number;
  coldShare: number;
  missShare: number;
}

export interface LoadRunSpec {
  label: string;
  baseUrl: string;
  /** The route without its id, e.g. `/v1/contexts/task/`. */
  pathPrefix: string;
  nextId: () => string;
  connections: number;
  warmUpSeconds: number;
  seconds: number;
}

/**
 * A warm-up, then the measured run, with the cache's counters read on either side. Every answer
 * must be a 200: an error page is fast, and a benchmark that counted it would lie.
 */
export async function loadRun(spec: LoadRunSpec): Promise<RunResult> {
  await drive(spec, spec.warmUpSeconds);
  const before = await settledCacheStats(spec.baseUrl);
  const result = await drive(spec, spec.seconds);
  const delta = statsDelta(before, await settledCacheStats(spec.baseUrl));
  // The server's own count of context reads, stragglers included; the bare route makes none.
  const requests = delta.requests > 0 ? delta.requests : result.requests.total;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    sourceQueriesPerRequest: delta.sourceQueries / requests,
    hotShare: delta.hotHits / requests,
    warmShare: delta.warmHits / requests,
    coldShare: delta.coldHits / requests,
    missShare: delta.misses / requests,
  };
}

/** The workload for `seconds`, unmeasured but checked: a warm-up. */
export async function warmUp(spec: LoadRunSpec, seconds: number): Promise<void> {
  await drive(spec, seconds);
}

async function drive(spec: LoadRunSpec, seconds: number): Promise<autocannon.Result> {
  const result = await autocannon({
    url: spec.baseUrl,
    connections: spec.connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        // Every request reads the next key of the seeded Zipf sequence.
        setupRequest: (request) => {
          request.path = spec.pathPrefix + spec.nextId();
          return request;
        },
      },
    ],
  });
  const statuses = Object.keys(result.statusCodeStats ?? {}).filter((status) => status !== '200');
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || statuses.length > 0) {
    throw new Error(
      `${spec.label}: ${result.non2xx} non-2xx answers (statuses ${statuses.join(', ') || 'none'}), ` +
        `${result.errors} errors, ${result.timeouts} timeouts: the run is void`,
    );
  }
  if (result.requests.total === 0) {
    throw new Error(`${spec.label}: no request completed`);
  }
  return result;
}
