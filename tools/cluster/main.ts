// `npm run bench:cluster -- [--quick] [--topologies postgres-redis,postgres,sqlite] [--trials N]
//   [--reads N] [--keys N] [--fault-seconds S] [--bound-ms B] [--no-faults] [--faults a,b]
//   [--ports FROM-TO] [--write]`
// Two api replicas and the warmer as real processes on servers of the harness's own: invalidation
// propagation, cluster-wide single flight, both again while a third process writes, and faults
// injected for real (Redis paused and killed, a replica killed, PostgreSQL paused).
import { createProgress } from '../harness/progress';
import { writeBenchmarkSection } from '../bench/report/benchmarks-file';
import { commandLineFlags } from '../bench/report/command-line-flags';
import { appBundles } from '../harness/app-bundles';
import { Cluster, CLUSTER_PORTS, TOPOLOGIES, type Topology } from './cluster';
import { ContinuousWriter } from './continuous-writer';
import { runFault, type FaultName, type FaultResult } from './faults';
import { measurePropagation, type PropagationResult } from './propagation';
import { goalChecks } from './goals';
import { clusterMarkdown } from './report';
import { measureSingleFlight, type SingleFlightResult } from './single-flight';

const USAGE =
  'usage: npm run bench:cluster -- [--quick] [--topologies postgres-redis,postgres,sqlite] [--trials N] [--reads N] [--keys N] [--fault-seconds S] [--bound-ms B] [--no-faults] [--faults redis-paused,redis-killed,replica-killed,postgres-paused] [--ports FROM-TO] [--write]';

export interface ClusterRunSettings {
  topologies: Topology[];
  trials: number;
  reads: number;
  keys: number;
  faultMs: number;
  boundMs: number;
  faults: boolean;
  /** Only these faults, where the topology has them; unset: every one it has. */
  onlyFaults?: FaultName[];
  /** The ports the harness's servers and processes take. */
  ports: readonly [number, number];
}

export interface TopologyResult {
  topology: Topology;
  quiet: { propagation: PropagationResult; singleFlight: SingleFlightResult };
  whileWriting: {
    propagation: PropagationResult;
    singleFlight: SingleFlightResult;
    /** The same with a write of each read key in the middle of its burst. */
    keyWritten: SingleFlightResult;
    writes: number;
    writesFailed: number;
  };
  faults: FaultResult[];
}

const FAULTS_OF: Record<Topology, FaultName[]> = {
  'postgres-redis': ['redis-paused', 'redis-killed', 'replica-killed', 'postgres-paused'],
  postgres: ['replica-killed', 'postgres-paused'],
  sqlite: ['replica-killed'],
};

async function main(): Promise<void> {
  const settings: ClusterRunSettings = {
    topologies: [...TOPOLOGIES],
    trials: 1000,
    reads: 1000,
    keys: 5,
    faultMs: 10_000,
    boundMs: 100,
    faults: true,
    ports: CLUSTER_PORTS,
  };
  let write = false;
  for (const { flag, value } of commandLineFlags(process.argv.slice(2), USAGE)) {
    if (flag === '--quick') {
      Object.assign(settings, {
        topologies: ['postgres-redis'],
        trials: 50,
        keys: 1,
        faultMs: 3_000,
      });
    } else if (flag === '--topologies') settings.topologies = value().split(',') as Topology[];
    else if (flag === '--trials') settings.trials = Number(value());
    else if (flag === '--reads') settings.reads = Number(value());
    else if (flag === '--keys') settings.keys = Number(value());
    else if (flag === '--fault-seconds') settings.faultMs = Number(value()) * 1000;
    else if (flag === '--bound-ms') settings.boundMs = Number(value());
    else if (flag === '--no-faults') settings.faults = false;
    else if (flag === '--faults') settings.onlyFaults = value().split(',') as FaultName[];
    else if (flag === '--ports') settings.ports = portRange(value());
    else if (flag === '--write') write = true;
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  for (const topology of settings.topologies) {
    if (!TOPOLOGIES.includes(topology)) {
      throw new Error(`unknown topology ${topology}\n${USAGE}`);
    }
  }
  const bundles = appBundles();
  const results: TopologyResult[] = [];
  const progress = createProgress('bench:cluster');
  const topologies = progress.phase('topologies', settings.topologies.length);
  for (const topology of settings.topologies) {
    progress.print(`cluster: ${topology}: starting two api replicas and the warmer`);
    const cluster = await Cluster.start(topology, bundles, settings.ports);
    try {
      results.push(await measureTopology(cluster, settings, (line) => progress.print(line)));
    } finally {
      await cluster.stop();
    }
    topologies.tick();
    if (write) {
      // After each topology, so that a run cut short keeps what it measured.
      writeSection(results, settings);
    }
  }
  progress.close();
  console.log(clusterMarkdown(results, settings));
  const failed = goalChecks(results).filter((check) => !check.met);
  console.log(
    failed.length === 0
      ? 'cluster: PASS'
      : `cluster: FAIL\n${failed.map((check) => `  ${check.topology}: ${check.goal}: ${check.measured}`).join('\n')}`,
  );
  process.exitCode = failed.length === 0 ? 0 : 1;
}

function writeSection(results: TopologyResult[], settings: ClusterRunSettings): void {
  const flags = process.argv.slice(2).filter((arg) => arg !== '--write');
  writeBenchmarkSection(
    'cluster',
    `npm run bench:cluster -- ${flags.join(' ')}`.trim(),
    clusterMarkdown(results, settings),
  );
}

async function measureTopology(
  cluster: Cluster,
  settings: ClusterRunSettings,
  log: (line: string) => void,
): Promise<TopologyResult> {
  const propagationSpec = { trials: settings.trials, boundMs: settings.boundMs, watchMs: 2_000 };
  log(`  propagation, ${settings.trials} trials`);
  const propagation = await measurePropagation(cluster, propagationSpec, 'quiet', log);
  log(`  single flight, ${settings.keys} keys × ${settings.reads} concurrent first reads`);
  const flight = (label: string, writeMidway: boolean) =>
    measureSingleFlight(cluster, {
      keys: settings.keys,
      reads: settings.reads,
      label,
      writeMidway,
      boundMs: settings.boundMs,
    });
  const singleFlight = await flight('quiet', false);
  log('  the same while a third process writes');
  const writer = await ContinuousWriter.start(cluster, 2);
  const busyPropagation = await measurePropagation(cluster, propagationSpec, 'busy', log);
  const busySingleFlight = await flight('busy', false);
  log('  single flight with a write of each key in the middle of its burst');
  const keyWritten = await flight('written', true);
  const written = await writer.stop();
  const faults: FaultResult[] = [];
  if (settings.faults) {
    const chosen = FAULTS_OF[cluster.topology].filter(
      (fault) => settings.onlyFaults?.includes(fault) ?? true,
    );
    for (const fault of chosen) {
      log(`  fault: ${fault} for ${settings.faultMs / 1000} s under load`);
      faults.push(
        await runFault(cluster, fault, {
          faultMs: settings.faultMs,
          settleMs: 2_000,
          boundMs: settings.boundMs,
        }),
      );
    }
  }
  return {
    topology: cluster.topology,
    quiet: { propagation, singleFlight },
    whileWriting: {
      propagation: busyPropagation,
      singleFlight: busySingleFlight,
      keyWritten,
      writes: written.writes,
      writesFailed: written.failed,
    },
    faults,
  };
}

function portRange(text: string): readonly [number, number] {
  const [from, to] = text.split('-').map(Number);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1024 || to < from || to > 65535) {
    throw new Error(`--ports needs FROM-TO, two ports from 1024 up (got "${text}")\n${USAGE}`);
  }
  return [from, to];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
