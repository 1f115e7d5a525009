import autocannon from 'autocannon';
import { taskVersionOf, type AcknowledgedWrites } from './acknowledged-writes';
import { settledCacheStats, statsDelta, type StatsReader } from './cache-stats';
import { startWriter, type WriterResult, type WriterSpec } from './task-writer';

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
  /** Under writes: reads that began after a write's acknowledgement and answered an older version. */
  staleReads: number;
  /** Under writes: the reads checked for staleness (every read of the run). */
  checkedReads: number;
  /** Under writes: the PATCHes acknowledged during the measured run, and those refused (503). */
  writes: number;
  writesRefused: number;
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
  stats: StatsReader;
  /** PATCHes beside the reads, and every read checked against their acknowledgements. */
  writes?: Omit<WriterSpec, 'baseUrl'>;
}

interface Driven {
  result: autocannon.Result;
  staleReads: number;
  checkedReads: number;
  writer?: WriterResult;
}

/**
 * A warm-up, then the measured run, with the cache's counters read on either side. Every answer
 * must be a 200: an error page is fast, and a benchmark that counted it would lie.
 */
export async function loadRun(spec: LoadRunSpec): Promise<RunResult> {
  await drive(spec, spec.warmUpSeconds);
  const before = await settledCacheStats(spec.baseUrl, spec.stats);
  const { result, staleReads, checkedReads, writer } = await drive(spec, spec.seconds);
  const delta = statsDelta(before, await settledCacheStats(spec.baseUrl, spec.stats));
  // The server's own count of context reads, stragglers included; the bare route makes none.
  const requests = delta.requests > 0 ? delta.requests : result.requests.total;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    // Under writes, the writes' own statements are counted too (the source ran them).
    sourceQueriesPerRequest: delta.sourceQueries / requests,
    hotShare: delta.hotHits / requests,
    warmShare: delta.warmHits / requests,
    coldShare: delta.coldHits / requests,
    missShare: delta.misses / requests,
    staleReads,
    checkedReads,
    writes: writer?.writes ?? 0,
    writesRefused: writer?.refused ?? 0,
  };
}

/** The workload for `seconds`, unmeasured but checked: a warm-up. */
export async function warmUp(spec: LoadRunSpec, seconds: number): Promise<void> {
  await drive(spec, seconds);
}

/** What a connection remembers of the read it has in flight. */
interface ReadInFlight {
  taskId: string;
  floor: number;
}

async function drive(spec: LoadRunSpec, seconds: number): Promise<Driven> {
  const acknowledged: AcknowledgedWrites | undefined = spec.writes?.acknowledged;
  let staleReads = 0;
  let checkedReads = 0;
  const writer = spec.writes && startWriter({ ...spec.writes, baseUrl: spec.baseUrl });
  const result = await autocannon({
    url: spec.baseUrl,
    connections: spec.connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        // Every request reads the next key of the seeded Zipf sequence; under writes it
        // remembers the version acknowledged for that key as it starts.
        setupRequest: (request, context) => {
          const taskId = spec.nextId();
          if (acknowledged) {
            (context as { read?: ReadInFlight }).read = {
              taskId,
              floor: acknowledged.floor(taskId),
            };
          }
          request.path = spec.pathPrefix + taskId;
          return request;
        },
        ...(acknowledged && {
          onResponse: (status: number, body: string, context: object) => {
            const { read } = context as { read?: ReadInFlight };
            if (status === 200 && read) {
              checkedReads++;
              if (taskVersionOf(body) < read.floor) {
                staleReads++;
              }
            }
          },
        }),
      },
    ],
  });
  const written = await writer?.stop();
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
  return { result, staleReads, checkedReads, writer: written };
}
