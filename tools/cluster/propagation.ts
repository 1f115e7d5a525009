import type { Cluster } from './cluster';
import { percentile, send, sendUntilAvailable, versionOf } from './http';

export interface PropagationSpec {
  trials: number;
  /** The bus's bound: a read on B that begins this long after A's acknowledgement must be new. */
  boundMs: number;
  /** How long B is watched for the new value before the trial counts as never propagated. */
  watchMs: number;
}

export interface PropagationResult {
  trials: number;
  /** Trials whose B held the entry in its hot tier before the write (the case the bus is for). */
  hotBeforeWrite: number;
  propagated: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Reads on B begun after the bound that answered an older version. */
  staleAfterBound: number;
  readsAfterBound: number;
  /** Set when the run stopped early because no write reached B at all. */
  stoppedEarly?: string;
}

/** Trials that never propagate in a row after which the rest would only repeat them. */
const GIVE_UP_AFTER = 20;

/**
 * Invalidation propagation: B reads a project until its hot tier holds it, A patches it, and B
 * reads back to back until it answers the new version. The figure is the time from A's
 * acknowledgement to the start of B's first read that answered it.
 */
export async function measurePropagation(
  cluster: Cluster,
  spec: PropagationSpec,
  label: string,
  log: (line: string) => void,
): Promise<PropagationResult> {
  const [a, b] = cluster.replicas.map((replica) => replica.baseUrl);
  const id = `propagation-${label}-${Date.now()}`;
  const created = await sendUntilAvailable(a, 'POST', '/v1/projects', {
    id,
    name: id,
    data: { n: 0 },
  });
  if (created.status !== 201) {
    throw new Error(`creating ${id} answered ${created.status}: ${JSON.stringify(created.body)}`);
  }
  const path = `/v1/projects/${id}`;
  const delays: number[] = [];
  let hotBeforeWrite = 0;
  let staleAfterBound = 0;
  let readsAfterBound = 0;
  let missedInARow = 0;
  let trial = 0;
  for (; trial < spec.trials; trial++) {
    let before = await send(b, 'GET', path);
    for (let reads = 1; before.cache !== 'hot' && reads < 8; reads++) {
      before = await send(b, 'GET', path);
    }
    hotBeforeWrite += before.cache === 'hot' ? 1 : 0;
    const write = await sendUntilAvailable(a, 'PATCH', path, { data: { n: trial + 1 } });
    if (write.status !== 200) {
      throw new Error(`PATCH on A answered ${write.status}: ${JSON.stringify(write.body)}`);
    }
    const acknowledgedAt = write.startedAt + write.ms;
    const version = versionOf(write);
    let seenAfterMs: number | undefined;
    while (performance.now() - acknowledgedAt < spec.watchMs) {
      const read = await send(b, 'GET', path);
      const afterBound = read.startedAt - acknowledgedAt > spec.boundMs;
      const fresh = versionOf(read) >= version;
      if (afterBound) {
        readsAfterBound += 1;
        staleAfterBound += fresh ? 0 : 1;
      }
      if (fresh) {
        seenAfterMs = Math.max(0, read.startedAt - acknowledgedAt);
        break;
      }
    }
    if (seenAfterMs === undefined) {
      missedInARow += 1;
      if (missedInARow >= GIVE_UP_AFTER && delays.length === 0) {
        trial += 1;
        break;
      }
    } else {
      missedInARow = 0;
      delays.push(seenAfterMs);
    }
    if ((trial + 1) % 250 === 0) {
      log(`    ${trial + 1} trials, ${delays.length} propagated`);
    }
  }
  return {
    trials: trial,
    hotBeforeWrite,
    propagated: delays.length,
    p50Ms: percentile(delays, 0.5),
    p99Ms: percentile(delays, 0.99),
    maxMs: delays.length > 0 ? Math.max(...delays) : Number.NaN,
    staleAfterBound,
    readsAfterBound,
    ...(trial < spec.trials
      ? {
          stoppedEarly: `no write reached B within ${spec.watchMs} ms in the first ${trial} trials`,
        }
      : {}),
  };
}
