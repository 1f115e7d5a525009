import type { DatabaseKind } from './cli-options';
import type { DatabaseResult } from './database-run';
import { GOALS, VARIANTS, type Variant } from './summary';

export interface SectionFacts {
  tasks: number;
  connections: number;
  rounds: number;
  seconds: number;
  warmUpSeconds: number;
  initialWarmUpSeconds: number;
  meanBodyBytes: number;
}

const VARIANT_LABELS: Record<Variant, string> = {
  cached: '(a) cached',
  uncached: '(b) `STRATA_CACHE=off`',
  bare: '(c) bare route',
};

const DATABASE_LABELS: Record<DatabaseKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const percent = (share: number) => `${Math.round(share * 100)}`;
const metOrNot = (met: boolean) => (met ? 'met' : '**not met**');

export function variantRows(kind: DatabaseKind, result: DatabaseResult): string[] {
  return VARIANTS.map((variant) => {
    const figures = result.variants[variant];
    const answered =
      variant === 'cached'
        ? [figures.hotShare, figures.warmShare, figures.coldShare, figures.missShare]
            .map(percent)
            .join(' / ')
        : '—';
    return (
      `| ${DATABASE_LABELS[kind]} | ${VARIANT_LABELS[variant]} | ${Math.round(figures.requestsPerSecond)} | ` +
      `${figures.p50} | ${figures.p99} | ${figures.sourceQueriesPerRequest.toFixed(3)} | ${answered} |`
    );
  });
}

export function goalRows(kind: DatabaseKind, result: DatabaseResult): string {
  return (
    `| ${DATABASE_LABELS[kind]} | ${result.cachedToBare.toFixed(2)} (${metOrNot(result.cachedToBareMet)}) | ` +
    `${result.variants.cached.p99} ms (${metOrNot(result.cachedP99Met)}) |`
  );
}

export function e2eSection(
  facts: SectionFacts,
  results: ReadonlyArray<[DatabaseKind, DatabaseResult]>,
): string {
  const bareBytes = results.map(([, result]) => result.bareBodyBytes).join(' / ');
  return [
    '## End to end: the api under load',
    '',
    `\`GET /v1/contexts/task/:id\` on the real api (createApiApp, in a process of its own) over the`,
    `seeded demo dataset (${facts.tasks.toLocaleString('en-US')} tasks), keys drawn with Zipf(1.0) popularity in a seeded`,
    `random rank order, by autocannon (as a library) with ${facts.connections} connections: (a) the default`,
    `configuration; (b) \`STRATA_CACHE=off\`; (c) a bare Fastify route added to the cached server's own`,
    `instance, answering a constant resolved task context of ${bareBytes} bytes (the Zipf-weighted mean`,
    `answer is ${Math.round(facts.meanBodyBytes)} bytes): the framework's ceiling in the same app.`,
    '',
    `${facts.rounds} rounds of ${facts.seconds} s per variant, each after ${facts.warmUpSeconds} s of warm-up, the variants' order`,
    `rotating across rounds; medians. Before the first round the cached server reads every task once`,
    `(as the warmer's sweep would) and then serves ${facts.initialWarmUpSeconds} s of the workload; it lives through every`,
    `round, so it is measured in its steady state, not while it fills. Source queries per request and`,
    `the tiers that answered come from \`/v1/cache/stats\`, read before and after each run, once the`,
    `server is idle. Every answer was a 200 (the run fails otherwise). Latencies are autocannon's, in`,
    `whole milliseconds rounded down (a p99 of 4 is under 5 ms). autocannon shares the machine's`,
    `cores with the server, so on a small machine the bare route is bound by the client as much as by`,
    `the server: its figure understates the framework's ceiling. \`npm run bench:e2e -- --profile DIR\``,
    `writes a CPU profile of each cached server.`,
    '',
    '| database | variant | requests/s | p50 ms | p99 ms | source queries / request | answered by hot / warm / cold / loader (%) |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...results.flatMap(([kind, result]) => variantRows(kind, result)),
    '',
    `| database | cached / bare throughput (goal ≥ ${GOALS.cachedToBareThroughput}) | cached p99 at ${facts.connections} connections (goal < ${GOALS.cachedP99Ms} ms) |`,
    '|---|---:|---:|',
    ...results.map(([kind, result]) => goalRows(kind, result)),
  ].join('\n');
}
