// `npm run fuzz -- [--requests N] [--seed S] [--databases sqlite,postgres] [--keys both|on|off] [--side-by-side] [--parallel] [--minutes M] [--write]`
// Fuzzes a real api process per database and key mode with requests generated from its own
// OpenAPI document; exits 1 on the first finding, printing its minimal reproduction.
import { appBundles } from '../harness/app-bundles';
import type { DatabaseKind } from '../harness/scratch-database';
import { commandLineFlags } from '../bench/report/command-line-flags';
import { writeReliabilitySection } from '../bench/report/benchmarks-file';
import type { FuzzFigures } from './fuzz-figures';
import { openFuzzTarget, type FuzzTarget } from './fuzz-target';
import { operationsOf } from './openapi-operations';
import { runFuzz } from './run-fuzz';
import { ValuePool } from './value-pool';

const USAGE =
  'usage: npm run fuzz -- [--requests N per database] [--seed S] [--databases sqlite,postgres] [--keys both|on|off] [--side-by-side] [--parallel] [--minutes M] [--write]';

interface FuzzOptions {
  requests: number;
  seed: number;
  databases: DatabaseKind[];
  keyModes: boolean[];
  /** The databases fuzzed at the same time (one api process each), their key modes in turn. */
  sideBySide: boolean;
  /** Every target (database and key mode) fuzzed at the same time, one api process each. */
  parallel: boolean;
  /** A time budget for the whole run, shared out among the targets that run in turn. */
  minutes?: number;
  write: boolean;
}

function parseOptions(argv: string[]): FuzzOptions {
  const options: FuzzOptions = {
    requests: 2_000,
    seed: 1,
    databases: process.env['STRATA_TEST_POSTGRES_URL'] ? ['sqlite', 'postgres'] : ['sqlite'],
    keyModes: [false, true],
    sideBySide: false,
    parallel: false,
    write: false,
  };
  for (const { flag, value } of commandLineFlags(argv, USAGE)) {
    if (flag === '--requests') options.requests = wholeNumber(value(), flag);
    else if (flag === '--seed') options.seed = wholeNumber(value(), flag);
    else if (flag === '--databases') options.databases = value().split(',').map(databaseKind);
    else if (flag === '--keys') options.keyModes = keyModes(value());
    else if (flag === '--side-by-side') options.sideBySide = true;
    else if (flag === '--parallel') options.parallel = true;
    else if (flag === '--minutes') options.minutes = wholeNumber(value(), flag);
    else if (flag === '--write') options.write = true;
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  return options;
}

function wholeNumber(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`${flag} needs a whole number\n${USAGE}`);
  return Number(text);
}

function databaseKind(text: string): DatabaseKind {
  if (text !== 'sqlite' && text !== 'postgres')
    throw new Error(`unknown database ${text}\n${USAGE}`);
  return text;
}

function keyModes(text: string): boolean[] {
  const modes: Record<string, boolean[]> = { both: [false, true], on: [true], off: [false] };
  const chosen = modes[text];
  if (!chosen) throw new Error(`--keys is both, on or off\n${USAGE}`);
  return chosen;
}

interface TargetResult {
  name: string;
  figures: FuzzFigures;
  documented: number;
  finding?: string;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const bundles = appBundles();
  // Targets open one at a time, so that two never take the same free port.
  let opening = Promise.resolve();
  const open = (database: DatabaseKind, withKeys: boolean, pool: ValuePool) => {
    const opened = opening.then(() => openFuzzTarget(database, withKeys, bundles, pool));
    opening = opened.then(
      () => undefined,
      () => undefined,
    );
    return opened;
  };
  // Targets in turn, per database (--side-by-side) or all at once (--parallel): four api
  // processes hold up to 120 connections of the shared PostgreSQL server.
  const targets = options.databases.map((database) =>
    options.keyModes.map((withKeys, index) => ({ database, withKeys, seed: options.seed + index })),
  );
  const lanes = options.parallel
    ? targets.flat().map((target) => [target])
    : options.sideBySide
      ? targets
      : [targets.flat()];
  const timeLimitMs =
    options.minutes === undefined
      ? undefined
      : (options.minutes * 60_000) / Math.max(...lanes.map((lane) => lane.length));
  const fuzzLane = async (lane: (typeof targets)[number]): Promise<TargetResult[]> => {
    const results: TargetResult[] = [];
    for (const { database, withKeys, seed } of lane) {
      const pool = new ValuePool();
      const target = await open(database, withKeys, pool);
      try {
        const requests = Math.ceil(options.requests / options.keyModes.length);
        results.push(await fuzzOne(target, pool, seed, requests, timeLimitMs));
      } finally {
        await target.close();
      }
    }
    return results;
  };
  const results = (await Promise.all(lanes.map(fuzzLane))).flat();
  if (options.write) {
    writeReliabilitySection(
      'fuzz',
      `npm run fuzz -- --requests ${options.requests} --seed ${options.seed} --databases ${options.databases.join(',')}${options.sideBySide ? ' --side-by-side' : ''}${options.parallel ? ' --parallel' : ''}${options.minutes === undefined ? '' : ` --minutes ${options.minutes}`}`,
      markdown(results),
    );
  }
  const findings = results.filter((result) => result.finding !== undefined).length;
  console.log(
    `fuzz: ${findings} passed, ${findings} failed`.replace(
      /^fuzz: \d+ passed/,
      `fuzz: ${results.length - findings} passed`,
    ),
  );
  process.exitCode = findings === 0 ? 0 : 1;
}

async function fuzzOne(
  target: FuzzTarget,
  pool: ValuePool,
  seed: number,
  requests: number,
  timeLimitMs: number | undefined,
): Promise<TargetResult> {
  const document = (await (await fetch(`${target.server.baseUrl}/docs-json`)).json()) as Parameters<
    typeof operationsOf
  >[0];
  const operations = operationsOf(document);
  console.log(
    `fuzz ${target.name}: ${operations.length} operations, ${requests} requests, seed ${seed}`,
  );
  const run = await runFuzz(target, operations, pool, {
    requests,
    seed,
    timeLimitMs,
    onProgress: (figures) => {
      if (figures.requests % 10_000 === 0) {
        console.log(
          `  ${target.name}: ${figures.requests} requests, ${Math.round(figures.requests / figures.elapsedSeconds)}/s, ${figures.statusSummary()}`,
        );
      }
    },
  });
  const healthy = await fetch(`${target.server.baseUrl}/health`).then(
    (response) => response.status,
    () => 0,
  );
  const finding =
    run.finding ??
    (healthy === 200 ? undefined : `the api's /health answered ${healthy} after the run`);
  const result = {
    name: target.name,
    figures: run.figures,
    documented: operations.length,
    finding,
  };
  console.log(summaryLine(result));
  if (finding) {
    console.log(finding);
  }
  return result;
}

function summaryLine({ name, figures, documented, finding }: TargetResult): string {
  return (
    `  ${name}: ${figures.requests} requests in ${figures.elapsedSeconds.toFixed(0)} s, ` +
    `${figures.operations.size - (figures.operations.has('unrouted') ? 1 : 0)}/${documented} operations exercised, ` +
    `${figures.operationsSucceeded()} answered 2xx, slowest ${Math.round(figures.slowestMs)} ms, ` +
    `${finding ? 1 : 0} findings, ${figures.unconfirmedChanges} unconfirmed state changes; ${figures.statusSummary()}`
  );
}

function markdown(results: TargetResult[]): string {
  const rows = results.map(({ name, figures, documented, finding }) =>
    [
      name,
      figures.requests.toLocaleString('en-US'),
      `${figures.operations.size - (figures.operations.has('unrouted') ? 1 : 0)} / ${documented}`,
      String(figures.operationsSucceeded()),
      finding ? '**1**' : '0',
      String(figures.unconfirmedChanges),
      `${Math.round(figures.slowestMs)} ms`,
      `${figures.elapsedSeconds.toFixed(0)} s`,
      figures.statusSummary(),
    ].join(' | '),
  );
  const variants = new Map<string, number>();
  for (const { figures } of results) {
    for (const [variant, count] of figures.variants)
      variants.set(variant, (variants.get(variant) ?? 0) + count);
  }
  const total = results.reduce((sum, { figures }) => sum + figures.requests, 0);
  return [
    '## Fuzzing the api from its OpenAPI document',
    '',
    'Requests generated with fast-check from `/docs-json` of a real api process (`tools/fuzz`): for every',
    'operation, valid requests (ids drawn from what the server has answered) and invalid ones (wrong types,',
    'missing and extra fields, every length boundary, odd text, invalid UTF-8, truncated, deep and oversized',
    'bodies, wrong and conflicting content types, stalling lengths, repeated and wrong keys, odd ids and',
    'paths, broken HTTP), one at a time per target. Each answer must come within 15.6 s, be no 5xx, be an error in',
    'the `{statusCode, error, message}` shape with its status text, or a 2xx the document declares and whose',
    'schema it matches; a rejected request (or any read) must leave the source of truth (a fingerprint of',
    "every table read from the database) and the cache's entry counts as they were; `/health` must answer",
    '200 afterwards. "Unconfirmed" counts state that moved but did not move again when the request was',
    'replayed on a settled server (background work), which is not a finding.',
    '',
    '| target | requests | operations exercised | operations answered 2xx | findings | unconfirmed | slowest answer | time | statuses |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
    `Requests by kind (all targets, ${total.toLocaleString('en-US')} in all):`,
    '',
    '| kind | requests |',
    '|---|---:|',
    ...[...variants.entries()]
      .sort(([, a], [, b]) => b - a)
      .map(
        ([variant, count]) =>
          `| ${variant.replace(/\|/g, '\\|')} | ${count.toLocaleString('en-US')} |`,
      ),
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
