import type { Cluster } from './cluster';
import { send, sendUntilAvailable, type Answer } from './http';

export interface SingleFlightResult {
  keys: number;
  readsPerKey: number;
  /** Source loads of each key, summed over every process of the cluster. */
  loadsPerKey: number[];
  /** Writes of each key acknowledged during its burst: each one allows one load more. */
  writesPerKey: number[];
  /** Reads begun more than the bound after a write of their key that answered the older data. */
  stale: number;
  /** What the cluster-wide flight did over every key, summed over the replicas. */
  flight: FlightCounts;
  /** The same for each key. */
  flightPerKey: FlightCounts[];
  /** Keys after whose burst a replica's warm or cold circuit was not closed (the tier skipped). */
  circuitsNotClosed: number;
  non2xx: number;
}

/** A burst of first reads, and whether a write of the key lands in its middle. */
export interface SingleFlightSpec {
  keys: number;
  reads: number;
  label: string;
  /** Half the reads go out, the key is patched, the other half follow the bound after its answer. */
  writeMidway: boolean;
  boundMs: number;
}

export interface FlightCounts {
  waited: number;
  tookShared: number;
  lockUnavailable: number;
  /** Shared-tier writes the store refused as overtaken, and background writes that threw. */
  refusedWrites: number;
  backgroundFailures: number;
}

const FLIGHT_COUNTS = [
  'waited',
  'tookShared',
  'lockUnavailable',
  'refusedWrites',
  'backgroundFailures',
] as const;

function noFlightCounts(): FlightCounts {
  return { waited: 0, tookShared: 0, lockUnavailable: 0, refusedWrites: 0, backgroundFailures: 0 };
}

interface CacheStatsBody {
  types?: Record<string, { loads?: number }>;
  refusedWrites?: number;
  backgroundFailures?: number;
  tiers?: Record<string, { circuit?: string }>;
  clusterFlight?: Partial<Pick<FlightCounts, 'waited' | 'tookShared' | 'lockUnavailable'>>;
}

/**
 * The most loads a burst may cost: once per key per invalidation. A load that began before a
 * write of the key may not be served to, nor stored for, a read that began after the write
 * (conditional writes refuse it in the shared tier), so each acknowledged write allows one load
 * more, whatever the number of replicas or readers.
 */
export function allowedLoads(writes: number): number {
  return 1 + writes;
}

/**
 * Cluster-wide single flight: `reads` concurrent first reads of one resolved context, half on
 * each replica, and the loads the source ran for it (the `context` type's loads in both
 * replicas' /v1/cache/stats: nothing else reads contexts meanwhile, and the warmer loads none).
 */
export async function measureSingleFlight(
  cluster: Cluster,
  spec: SingleFlightSpec,
): Promise<SingleFlightResult> {
  const replicas = cluster.replicas.map((replica) => replica.baseUrl);
  const read = (n: number, id: string) =>
    send(replicas[n % replicas.length], 'GET', `/v1/contexts/project/${id}`);
  const result: SingleFlightResult = {
    keys: spec.keys,
    readsPerKey: spec.reads,
    loadsPerKey: [],
    writesPerKey: [],
    stale: 0,
    flight: noFlightCounts(),
    flightPerKey: [],
    circuitsNotClosed: 0,
    non2xx: 0,
  };
  for (let key = 0; key < spec.keys; key++) {
    const id = `flight-${spec.label}-${Date.now()}-${key}`;
    const created = await sendUntilAvailable(replicas[0], 'POST', '/v1/projects', {
      id,
      name: id,
      data: { n: 0 },
    });
    if (created.status !== 201) {
      throw new Error(`creating ${id} answered ${created.status}`);
    }
    const before = await figures(replicas);
    const half = spec.writeMidway ? Math.floor(spec.reads / 2) : spec.reads;
    const first = Array.from({ length: half }, (_, n) => read(n, id));
    let late: Promise<Answer>[] = [];
    let writes = 0;
    if (spec.writeMidway) {
      const patched = await sendUntilAvailable(replicas[0], 'PATCH', `/v1/projects/${id}`, {
        data: { n: 1 },
      });
      if (patched.status === 200) {
        writes += 1;
        await new Promise((resolve) => setTimeout(resolve, spec.boundMs));
        late = Array.from({ length: spec.reads - half }, (_, n) => read(half + n, id));
      }
    }
    const answers = await Promise.all([...first, ...late]);
    result.non2xx += answers.filter((answer) => answer.status < 200 || answer.status >= 300).length;
    result.stale += (await Promise.all(late)).filter(
      (answer) => answer.status === 200 && dataOf(answer)['n'] !== 1,
    ).length;
    const after = await figures(replicas);
    result.loadsPerKey.push(after.loads - before.loads);
    result.writesPerKey.push(writes);
    result.circuitsNotClosed += after.circuitsClosed ? 0 : 1;
    const ofKey = noFlightCounts();
    for (const name of FLIGHT_COUNTS) {
      ofKey[name] = after.flight[name] - before.flight[name];
      result.flight[name] += ofKey[name];
    }
    result.flightPerKey.push(ofKey);
  }
  return result;
}

/** Whether every key cost at most its allowed loads, and no late read answered older data. */
export function singleFlightMet(result: SingleFlightResult): boolean {
  return (
    result.stale === 0 &&
    result.non2xx === 0 &&
    result.loadsPerKey.every(
      (loads, key) => loads >= 1 && loads <= allowedLoads(result.writesPerKey[key] ?? 0),
    )
  );
}

function dataOf(answer: Answer): Record<string, unknown> {
  return (answer.body as { data?: Record<string, unknown> } | undefined)?.data ?? {};
}

/** The `context` loads and the cluster flight's counts, summed over the processes. */
async function figures(
  processes: readonly string[],
): Promise<{ loads: number; flight: FlightCounts; circuitsClosed: boolean }> {
  let loads = 0;
  let circuitsClosed = true;
  const flight = noFlightCounts();
  for (const base of processes) {
    const stats = (await send(base, 'GET', '/v1/cache/stats')).body as CacheStatsBody;
    loads += stats.types?.['context']?.loads ?? 0;
    for (const tier of ['warm', 'cold']) {
      const circuit = stats.tiers?.[tier]?.circuit;
      circuitsClosed &&= circuit === undefined || circuit === 'closed';
    }
    flight.waited += stats.clusterFlight?.waited ?? 0;
    flight.tookShared += stats.clusterFlight?.tookShared ?? 0;
    flight.lockUnavailable += stats.clusterFlight?.lockUnavailable ?? 0;
    flight.refusedWrites += stats.refusedWrites ?? 0;
    flight.backgroundFailures += stats.backgroundFailures ?? 0;
  }
  return { loads, flight, circuitsClosed };
}
