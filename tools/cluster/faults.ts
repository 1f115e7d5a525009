import type { Cluster } from './cluster';
import { FaultLoad, staleReads, type LoadRecord } from './fault-load';
import { send } from './http';

export type FaultName = 'redis-paused' | 'redis-killed' | 'replica-killed' | 'postgres-paused';

export interface FaultResult {
  fault: FaultName;
  reads: number;
  readsNon2xx: number;
  /** Reads of keys nobody writes (served from a tier) that did not answer 2xx. */
  cachedReadsNon2xx: number;
  writes: number;
  writesNon2xx: number;
  /** Status codes of the answers that were not 2xx, and how many of each (0: no answer). */
  non2xxStatuses: Record<string, number>;
  worstReadMs: number;
  worstWriteMs: number;
  /** Stale reads (begun after the bound) once the fault was over and health was whole again. */
  staleAfterRecovery: number;
  /** Where the stale reads after recovery came from: replica (A, B) and x-cache, with counts. */
  staleAfterRecoveryFrom: Record<string, number>;
  /** Stale reads while the fault lasted, for reference (bounded by the bus's TTL cap, if any). */
  staleDuringFault: number;
  /** From the end of the fault (resume, restart) until every replica is ready and not degraded. */
  recoveryMs: number;
  note?: string;
}

export interface FaultSpec {
  faultMs: number;
  /** Load before the fault and after the recovery. */
  settleMs: number;
  boundMs: number;
}

const RECOVERY_LIMIT_MS = 60_000;

/**
 * Injects one fault for real on the cluster's own servers under load and reports what the
 * clients saw. Written keys are patched through a replica that stays up; cached keys are only
 * read, so they show whether what a tier holds keeps being served.
 */
export async function runFault(
  cluster: Cluster,
  fault: FaultName,
  spec: FaultSpec,
): Promise<FaultResult> {
  const label = `${fault}-${Date.now()}`;
  const written = await createProjects(cluster, `${label}-w`, 4);
  const cached = await createProjects(cluster, `${label}-c`, 4);
  for (const key of [...written, ...cached]) {
    for (const replica of cluster.replicas) {
      await readUntilHot(replica.baseUrl, key);
    }
  }
  let killed: number | undefined;
  const load = new FaultLoad(
    cluster,
    written,
    cached,
    () => (killed === 0 ? 1 : 0),
    () => (killed === undefined ? [0, 1] : [1 - killed]),
  );
  await sleep(spec.settleMs);
  const faultStarted = performance.now();
  let note: string | undefined;
  if (fault === 'redis-paused') {
    cluster.redis?.pause();
    await sleep(spec.faultMs);
    cluster.redis?.resume();
  } else if (fault === 'redis-killed') {
    await cluster.redis?.kill();
    await sleep(spec.faultMs);
    await cluster.redis?.restart();
  } else if (fault === 'postgres-paused') {
    cluster.postgres?.pause();
    await sleep(spec.faultMs);
    cluster.postgres?.resume();
  } else {
    killed = 0;
    const startMs = await cluster.restartReplica(0, () => sleep(spec.faultMs));
    killed = undefined;
    note = `replica A restarted and answered /health in ${Math.round(startMs)} ms; its requests while down are not counted (a load balancer sends them to B)`;
  }
  const faultEnded = performance.now();
  const recoveredAt = await wholeAgain(cluster, fault, faultEnded);
  await sleep(spec.settleMs);
  await load.stop();

  const window = load.records.filter(
    (record) =>
      record.startedAt >= faultStarted &&
      record.startedAt <= (recoveredAt ?? performance.now()) &&
      !(fault === 'replica-killed' && record.status === 0 && record.replica === 0),
  );
  const reads = window.filter((record) => record.kind === 'read');
  const writes = window.filter((record) => record.kind === 'write');
  const cachedKeys = new Set(cached);
  const staleAfter =
    recoveredAt === undefined ? [] : staleReads(load.records, spec.boundMs, recoveredAt);
  return {
    fault,
    reads: reads.length,
    readsNon2xx: reads.filter(failed).length,
    cachedReadsNon2xx: reads.filter((record) => cachedKeys.has(record.key) && failed(record))
      .length,
    writes: writes.length,
    writesNon2xx: writes.filter(failed).length,
    non2xxStatuses: countStatuses(window.filter(failed)),
    worstReadMs: Math.max(0, ...reads.map((record) => record.ms)),
    worstWriteMs: Math.max(0, ...writes.map((record) => record.ms)),
    staleAfterRecovery: recoveredAt === undefined ? Number.NaN : staleAfter.length,
    staleAfterRecoveryFrom: countBy(
      staleAfter,
      (record) => `${'AB'[record.replica]}:${record.cache ?? 'none'}`,
    ),
    staleDuringFault: staleReads(
      load.records.filter((record) => record.startedAt <= (recoveredAt ?? Infinity)),
      spec.boundMs,
      faultStarted,
    ).length,
    recoveryMs: recoveredAt === undefined ? Number.NaN : recoveredAt - faultEnded,
    ...(note ? { note } : {}),
  };
}

function failed(record: LoadRecord): boolean {
  return record.status < 200 || record.status >= 300;
}

function countStatuses(records: readonly LoadRecord[]): Record<string, number> {
  return countBy(records, (record) => String(record.status));
}

function countBy(
  records: readonly LoadRecord[],
  name: (record: LoadRecord) => string,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) {
    counts[name(record)] = (counts[name(record)] ?? 0) + 1;
  }
  return counts;
}

/**
 * When every replica was ready and not degraded again, and (after PostgreSQL's pause) a write
 * went through; undefined when that took longer than the limit.
 */
async function wholeAgain(
  cluster: Cluster,
  fault: FaultName,
  since: number,
): Promise<number | undefined> {
  while (performance.now() - since < RECOVERY_LIMIT_MS) {
    const answers = await Promise.all(
      cluster.replicas.map((replica) =>
        send(replica.baseUrl, 'GET', '/health/ready', undefined, 5_000),
      ),
    );
    const whole = answers.every(
      (answer) =>
        answer.status === 200 &&
        ((answer.body as { degraded?: string[] }).degraded ?? []).length === 0,
    );
    if (whole) {
      if (fault !== 'postgres-paused') {
        return performance.now();
      }
      const id = `recovery-${Date.now()}`;
      const created = await send(cluster.replicas[0].baseUrl, 'POST', '/v1/projects', {
        id,
        name: id,
        data: {},
      });
      if (created.status === 201) {
        return performance.now();
      }
    }
    await sleep(100);
  }
  return undefined;
}

async function createProjects(cluster: Cluster, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const id = `${prefix}-${n}`;
    const created = await send(cluster.replicas[0].baseUrl, 'POST', '/v1/projects', {
      id,
      name: id,
      data: { n: 0 },
    });
    if (created.status !== 201) {
      throw new Error(`creating ${id} answered ${created.status}: ${JSON.stringify(created.body)}`);
    }
    ids.push(id);
  }
  return ids;
}

async function readUntilHot(base: string, id: string): Promise<void> {
  for (let reads = 0; reads < 8; reads++) {
    if ((await send(base, 'GET', `/v1/projects/${id}`)).cache === 'hot') {
      return;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
