import type { DemoIds } from '../harness/demo-data';
import type { AcknowledgedWrite } from '../harness/mixed-load';
import type { ScratchDatabase } from '../harness/scratch-database';
import { storedEntity } from '../harness/source-of-truth';

/** The last write of each entity the api acknowledged, by `table:id`. */
export type AcknowledgedWrites = Map<string, AcknowledgedWrite>;

export function recordAcknowledged(writes: AcknowledgedWrites, write: AcknowledgedWrite): void {
  const key = `${write.table}:${write.id}`;
  const known = writes.get(key);
  if (known === undefined || write.version > known.version) {
    writes.set(key, write);
  }
}

/** What one check after a restart found. */
export interface ConsistencyReport {
  checked: number;
  /** Acknowledged writes the source of truth does not hold: lost data. */
  lost: string[];
  /** Reads that answered a version older than the last acknowledged write. */
  olderThanAcknowledged: string[];
  /**
   * Reads that answered another version than the source holds, though nothing writes meanwhile:
   * a tier kept a value a committed write changed (killed between commit and invalidation).
   */
  behindSource: string[];
}

interface Served {
  version: number;
  source: string;
}

/**
 * Reads every entity the load writes from the source of truth itself and through the api (the
 * entity, and the task's resolved context), with no load running, and compares: the source
 * holds every acknowledged write, no answer is older than one, and the tiers agree with the source.
 */
export async function checkConsistency(
  database: ScratchDatabase,
  baseUrl: string,
  ids: DemoIds,
  acknowledged: AcknowledgedWrites,
): Promise<ConsistencyReport> {
  const report: ConsistencyReport = {
    checked: 0,
    lost: [],
    olderThanAcknowledged: [],
    behindSource: [],
  };
  const entities = [
    ...ids.tasks.map((id) => ({ table: 'task' as const, id, route: `/v1/tasks/${id}` })),
    ...ids.projects.map((id) => ({ table: 'project' as const, id, route: `/v1/projects/${id}` })),
  ];
  for (const { table, id, route } of entities) {
    report.checked += 1;
    const key = `${table}:${id}`;
    const stored = await storedEntity(database, table, id);
    const written = acknowledged.get(key);
    if (stored === undefined) {
      report.lost.push(`${key} is gone from the source`);
      continue;
    }
    if (written !== undefined) {
      const seq = (stored.data as { seq?: number }).seq;
      if (
        stored.version < written.version ||
        (stored.version === written.version && seq !== written.seq)
      ) {
        report.lost.push(
          `${key}: acknowledged version ${written.version} (seq ${written.seq}), the source holds version ${stored.version} (seq ${seq})`,
        );
      }
    }
    const reads: Array<[string, Served]> = [[route, await servedEntity(baseUrl, route)]];
    if (table === 'task') {
      const { task, project } = await servedChain(baseUrl, id);
      reads.push([`/v1/contexts/task/${id} (task level)`, task]);
      const projectStored = await storedEntity(database, 'project', project.id);
      if (projectStored !== undefined && project.version !== projectStored.version) {
        report.behindSource.push(
          `/v1/contexts/task/${id} (project level) answered version ${project.version} (${task.source}); the source holds ${projectStored.version}`,
        );
      }
    }
    for (const [path, served] of reads) {
      if (written !== undefined && served.version < written.version) {
        report.olderThanAcknowledged.push(
          `${path} answered version ${served.version} (${served.source}); acknowledged ${written.version}`,
        );
      }
      if (served.version !== stored.version) {
        report.behindSource.push(
          `${path} answered version ${served.version} (${served.source}); the source holds ${stored.version}`,
        );
      }
    }
  }
  return report;
}

async function servedEntity(baseUrl: string, path: string): Promise<Served> {
  const response = await fetch(`${baseUrl}${path}`);
  if (!response.ok) {
    throw new Error(`${path} answered ${response.status}`);
  }
  const body = (await response.json()) as { version: number };
  return { version: body.version, source: response.headers.get('x-cache') ?? '?' };
}

/** The task and project levels of the task's resolved context, as the api serves it. */
async function servedChain(
  baseUrl: string,
  id: string,
): Promise<{ task: Served; project: Served & { id: string } }> {
  const path = `/v1/contexts/task/${id}`;
  const response = await fetch(`${baseUrl}${path}`);
  if (!response.ok) {
    throw new Error(`${path} answered ${response.status}`);
  }
  const body = (await response.json()) as {
    chain: Array<{ level: string; id: string; version: number }>;
  };
  const source = response.headers.get('x-cache') ?? '?';
  const level = (name: string) => body.chain.find((link) => link.level === name);
  return {
    task: { version: level('task')?.version ?? -1, source },
    project: { id: level('project')?.id ?? '', version: level('project')?.version ?? -1, source },
  };
}
