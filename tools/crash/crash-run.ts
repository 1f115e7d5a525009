import { setTimeout as sleep } from 'node:timers/promises';
import type { AppBundles } from '../harness/app-bundles';
import { seedDemoData } from '../harness/demo-data';
import { MixedLoad } from '../harness/mixed-load';
import { freePort, PORT_RANGES } from '../harness/ports';
import {
  createScratchDatabase,
  type DatabaseKind,
  type ScratchDatabase,
} from '../harness/scratch-database';
import { ServerProcess } from '../harness/server-process';
import { SeededRandom } from '../seed/random';
import { checkConsistency, recordAcknowledged, type AcknowledgedWrites } from './consistency-check';

/** Which process is killed; `none` kills nothing, a control: the same load and checks without a crash. */
export type Victim = 'api' | 'warmer' | 'none';

export interface CrashRunOptions {
  database: DatabaseKind;
  victim: Victim;
  kills: number;
  seed: number;
  bundles: AppBundles;
  log?: (line: string) => void;
}

/** What a crash run did and found, over all its kills. */
export interface CrashRunResult {
  database: DatabaseKind;
  victim: Victim;
  kills: number;
  acknowledgedWrites: number;
  writesAttempted: number;
  entitiesChecked: number;
  lost: string[];
  olderThanAcknowledged: string[];
  behindSource: string[];
  /** Kills after which some tier answered behind the source. */
  killsWithStaleTier: number;
}

/**
 * Kills the victim (kill -9) at random moments under a write load, `kills` times, restarting it
 * each time, and after each restart checks with no load running that the source of truth holds
 * every acknowledged write and that every read (entities and resolved contexts, whichever tier
 * answers: the warm and cold tiers survive the restart) agrees with the source.
 */
export async function runCrashes(options: CrashRunOptions): Promise<CrashRunResult> {
  const log = options.log ?? (() => undefined);
  const random = new SeededRandom(options.seed);
  const database = await createScratchDatabase(options.database, `crash_${options.victim}`);
  const ids = seedDemoData(options.bundles.seed, database.url, {
    projects: 4,
    branchesPerProject: 2,
    tasksPerBranch: 10,
    users: 20,
    agents: 2,
    templates: 2,
  });
  const result: CrashRunResult = {
    database: options.database,
    victim: options.victim,
    kills: 0,
    acknowledgedWrites: 0,
    writesAttempted: 0,
    entitiesChecked: 0,
    lost: [],
    olderThanAcknowledged: [],
    behindSource: [],
    killsWithStaleTier: 0,
  };
  const acknowledged: AcknowledgedWrites = new Map();
  const processes = await startProcesses(options, database);
  let sequence = 1;
  try {
    for (let kill = 1; kill <= options.kills; kill++) {
      const load = new MixedLoad({
        baseUrls: [processes.api.baseUrl],
        ids,
        concurrency: 8,
        writeShare: 0.5,
        seed: options.seed + kill,
        firstSequence: sequence,
        requestTimeoutMs: 5_000,
        onAcknowledged: (write) => {
          result.acknowledgedWrites += 1;
          recordAcknowledged(acknowledged, write);
        },
      });
      load.start();
      await sleep(300 + random.int(0, 1_700));
      if (options.victim === 'none') {
        await load.stop();
      } else {
        const victim = processes[options.victim];
        await victim.kill();
        await load.stop();
        processes[options.victim] = await restart(victim);
      }
      sequence = load.lastSequence + 1;
      const report = await checkConsistency(database, processes.api.baseUrl, ids, acknowledged);
      result.kills += 1;
      result.entitiesChecked += report.checked;
      result.lost.push(...report.lost.map((line) => `kill ${kill}: ${line}`));
      result.olderThanAcknowledged.push(
        ...report.olderThanAcknowledged.map((line) => `kill ${kill}: ${line}`),
      );
      result.behindSource.push(...report.behindSource.map((line) => `kill ${kill}: ${line}`));
      if (report.behindSource.length > 0) {
        result.killsWithStaleTier += 1;
      }
      log(
        `  kill ${kill}/${options.kills} of the ${options.victim} (${options.database}): ${acknowledged.size} entities with acknowledged writes, ` +
          `${report.lost.length} lost, ${report.olderThanAcknowledged.length} older than acknowledged, ${report.behindSource.length} behind the source`,
      );
    }
  } finally {
    await Promise.all([processes.api.stop(), processes.warmer.stop()]);
    await database.drop();
  }
  result.writesAttempted = sequence - 1;
  return result;
}

interface Processes {
  api: ServerProcess;
  warmer: ServerProcess;
}

async function startProcesses(
  options: CrashRunOptions,
  database: ScratchDatabase,
): Promise<Processes> {
  const apiPort = await freePort(PORT_RANGES.crash);
  const warmerPort = await freePort([apiPort + 1, PORT_RANGES.crash[1]]);
  const env = { DATABASE_URL: database.url, STRATA_API_KEYS: '', STRATA_OVERLOAD_MAX_LAG_MS: '0' };
  const api = await ServerProcess.start({
    name: 'api',
    bundle: options.bundles.api,
    port: apiPort,
    env: { ...env, PORT: String(apiPort) },
  });
  const warmer = await ServerProcess.start({
    name: 'warmer',
    bundle: options.bundles.warmer,
    port: warmerPort,
    env: { ...env, WARMER_PORT: String(warmerPort) },
  });
  return { api, warmer };
}

function restart(victim: ServerProcess): Promise<ServerProcess> {
  return ServerProcess.start(victim.spec);
}
