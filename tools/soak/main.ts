// `npm run soak -- --minutes N [--database sqlite|postgres] [--rate R] [--write]`
// Runs an api and a warmer as real processes under mixed reads and writes for N minutes,
// samples their memory, event-loop lag and hot-tier bytes, and fails when memory keeps
// growing after the warm-up beyond MEMORY_BOUNDS, or when any request failed or got a 5xx other
// than overload shedding (503 with Retry-After, which it counts and reports apart).
import { setTimeout as sleep } from 'node:timers/promises';
import { writeReliabilitySection } from '../bench/report/benchmarks-file';
import { commandLineFlags } from '../bench/report/command-line-flags';
import { createProgress } from '../harness/progress';
import { appBundles } from '../harness/app-bundles';
import { seedDemoData } from '../harness/demo-data';
import { MixedLoad } from '../harness/mixed-load';
import { freePort, PORT_RANGES } from '../harness/ports';
import { apiProcessFigures, residentBytes } from '../harness/process-figures';
import { createScratchDatabase, type DatabaseKind } from '../harness/scratch-database';
import { ServerProcess } from '../harness/server-process';
import { answerProblems } from './answer-verdict';
import { MEMORY_BOUNDS, megabytes, memoryGrowth, type SoakSample } from './memory-verdict';

const USAGE =
  'usage: npm run soak -- --minutes N [--database sqlite|postgres] [--rate R] [--write]';

interface SoakOptions {
  minutes: number;
  database: DatabaseKind;
  rate: number;
  write: boolean;
}

function parseOptions(argv: string[]): SoakOptions {
  const options: SoakOptions = { minutes: 1, database: 'sqlite', rate: 150, write: false };
  for (const { flag, value } of commandLineFlags(argv, USAGE)) {
    if (flag === '--minutes') options.minutes = positive(value(), flag);
    else if (flag === '--rate') options.rate = positive(value(), flag);
    else if (flag === '--database') {
      const kind = value();
      if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(USAGE);
      options.database = kind;
    } else if (flag === '--write') options.write = true;
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  return options;
}

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!(value > 0)) throw new Error(`${flag} needs a positive number\n${USAGE}`);
  return value;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const durationSeconds = options.minutes * 60;
  // The first minutes fill the caches and the JIT: growth is judged after them.
  const warmUpSeconds = Math.min(Math.max(20, durationSeconds / 4), 300);
  const intervalSeconds = Math.max(5, Math.round(durationSeconds / 120));
  const bundles = appBundles();
  const database = await createScratchDatabase(options.database, 'soak');
  const ids = seedDemoData(bundles.seed, database.url, {
    projects: 20,
    branchesPerProject: 3,
    tasksPerBranch: 25,
    users: 200,
    agents: 10,
    templates: 10,
  });
  const apiPort = await freePort(PORT_RANGES.soak);
  const env = { DATABASE_URL: database.url, STRATA_API_KEYS: '' };
  const api = await ServerProcess.start({
    name: 'api',
    bundle: bundles.api,
    port: apiPort,
    env: { ...env, PORT: String(apiPort) },
  });
  const warmerPort = await freePort([apiPort + 1, PORT_RANGES.soak[1]]);
  const warmer = await ServerProcess.start({
    name: 'warmer',
    bundle: bundles.warmer,
    port: warmerPort,
    env: { ...env, WARMER_PORT: String(warmerPort) },
  });
  const load = new MixedLoad({
    baseUrls: [api.baseUrl],
    ids,
    concurrency: 16,
    ratePerSecond: options.rate,
    writeShare: 0.1,
    seed: 7,
  });
  const samples: SoakSample[] = [];
  console.log(
    `soak: ${options.minutes} min on ${options.database}, ${options.rate} requests/s (10% writes), warm-up ${warmUpSeconds} s, a sample every ${intervalSeconds} s`,
  );
  let failure: string | undefined;
  const progress = createProgress('soak');
  try {
    const soaking = progress.phase('load', durationSeconds, 's');
    load.start();
    const started = performance.now();
    for (let at = 0; at <= durationSeconds; at += intervalSeconds) {
      await sleep(Math.max(0, started + at * 1000 - performance.now()));
      if (!api.running || !warmer.running) {
        throw new Error(`${api.running ? 'the warmer' : 'the api'} exited during the soak`);
      }
      const figures = await apiProcessFigures(api.baseUrl);
      const sample: SoakSample = {
        atSeconds: at,
        apiRssBytes: figures.rssBytes,
        apiHeapUsedBytes: figures.heapUsedBytes,
        hotTierBytes: figures.hotTierBytes,
        eventLoopLagP99Ms: figures.eventLoopLagP99Ms,
        warmerRssBytes: residentBytes(warmer.pid),
        requests: load.requests,
      };
      samples.push(sample);
      progress.print(sampleLine(sample));
      soaking.set(at);
    }
  } catch (error) {
    failure = String(error);
  } finally {
    progress.close();
    await load.stop();
    await Promise.all([api.stop(), warmer.stop()]);
    await database.drop();
  }
  const growth = failure === undefined ? memoryGrowth(samples, warmUpSeconds) : undefined;
  const problems = [
    ...(failure ? [failure] : []),
    ...(growth?.exceeded ?? []),
    ...answerProblems(load),
  ];
  const statuses = [...load.statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  console.log(
    `soak: ${load.requests} requests (${statuses}; ${load.shed} shed with Retry-After), growth after warm-up: heap less hot tier ${megabytes(growth?.heapExcludingHotTierBytes ?? NaN)} MB, ` +
      `api RSS ${megabytes(growth?.apiRssBytes ?? NaN)} MB, warmer RSS ${megabytes(growth?.warmerRssBytes ?? NaN)} MB`,
  );
  if (options.write && growth !== undefined) {
    writeReliabilitySection(
      'soak',
      `npm run soak -- --minutes ${options.minutes} --database ${options.database} --rate ${options.rate}`,
      markdown(
        options,
        samples,
        growth,
        `${statuses} (${load.shed} of them 503s shed with Retry-After)`,
        problems,
      ),
    );
  }
  for (const problem of problems) {
    console.error(`soak: ${problem}`);
  }
  console.log(
    `soak: ${problems.length === 0 ? 1 : 0} passed, ${problems.length === 0 ? 0 : 1} failed`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}

function sampleLine(sample: SoakSample): string {
  return (
    `  ${String(sample.atSeconds).padStart(5)} s  api RSS ${megabytes(sample.apiRssBytes)} MB, heap ${megabytes(sample.apiHeapUsedBytes)} MB, ` +
    `hot tier ${megabytes(sample.hotTierBytes)} MB, loop lag p99 ${sample.eventLoopLagP99Ms.toFixed(1)} ms, warmer RSS ${megabytes(sample.warmerRssBytes)} MB, ${sample.requests} requests`
  );
}

function markdown(
  options: SoakOptions,
  samples: SoakSample[],
  growth: ReturnType<typeof memoryGrowth>,
  statuses: string,
  problems: string[],
): string {
  const step = Math.max(1, Math.ceil(samples.length / 20));
  const rows = samples
    .filter((_, index) => index % step === 0 || index === samples.length - 1)
    .map(
      (sample) =>
        `| ${sample.atSeconds} | ${megabytes(sample.apiRssBytes)} | ${megabytes(sample.apiHeapUsedBytes)} | ${megabytes(sample.hotTierBytes)} | ${sample.eventLoopLagP99Ms.toFixed(1)} | ${megabytes(sample.warmerRssBytes)} | ${sample.requests.toLocaleString('en-US')} |`,
    );
  return [
    '## Soak',
    '',
    `An api and a warmer (real processes, ${options.database}, a demo dataset of 1,500 tasks) under ${options.rate} requests/s`,
    `for ${options.minutes} min: resolved task contexts and entities read with Zipf popularity, 10% writes (task and`,
    'project PATCHes, logins). Bound after the warm-up (median of the last third of the samples against the',
    `first third): the api's heap less the hot tier's bytes ≤ ${megabytes(MEMORY_BOUNDS.heapExcludingHotTierBytes)} MB, its RSS ≤ ${megabytes(MEMORY_BOUNDS.apiRssBytes)} MB, the warmer's RSS ≤ ${megabytes(MEMORY_BOUNDS.warmerRssBytes)} MB; no 5xx but overload shedding (503 with Retry-After, counted apart), no request unanswered.`,
    '',
    '| s | api RSS MB | api heap MB | hot tier MB | loop lag p99 ms | warmer RSS MB | requests |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Growth after warm-up: heap less hot tier **${megabytes(growth.heapExcludingHotTierBytes)} MB**, api RSS **${megabytes(growth.apiRssBytes)} MB**, warmer RSS **${megabytes(growth.warmerRssBytes)} MB**. Answers: ${statuses}. ${problems.length === 0 ? 'Passed.' : `**Failed**: ${problems.join('; ')}.`}`,
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
