import { cpus } from 'node:os';
import type { DatabaseKind } from './cli-options';
import type { DatabaseResult } from './database-run';
import { PEER_KINDS, type PeerKind } from './peers/peer-kind';
import { GOALS, VARIANTS, type Variant } from './summary';

export interface SectionFacts {
  tasks: number;
  connections: number;
  writesPerSecond: number;
  rounds: number;
  seconds: number;
  warmUpSeconds: number;
  initialWarmUpSeconds: number;
  meanBodyBytes: number;
  /** The 1-minute load average when the run started: other work shares the machine. */
  loadAverage: number;
}

const VARIANT_LABELS: Record<Variant, string> = {
  cached: '(a) Strata, cached',
  uncached: '(b) `STRATA_CACHE=off`',
  bare: '(c) bare route',
  cacheManager: '(d) cache-manager CacheInterceptor',
  bentocache: '(e) BentoCache',
  cachedUnderWrites: '(a) Strata, cached, under writes',
  cacheManagerUnderWrites: '(d) cache-manager, under writes',
  bentocacheUnderWrites: '(e) BentoCache, under writes',
};

const PEER_LABELS: Record<PeerKind, string> = {
  cacheManager: 'cache-manager CacheInterceptor',
  bentocache: 'BentoCache',
};

const DATABASE_LABELS: Record<DatabaseKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const percent = (share: number) => `${Math.round(share * 100)}`;
const metOrNot = (met: boolean) => (met ? 'met' : '**not met**');

export function variantRows(kind: DatabaseKind, result: DatabaseResult): string[] {
  return VARIANTS.flatMap((variant) => {
    const figures = result.variants[variant];
    if (!figures) {
      return [];
    }
    const answered =
      variant === 'cached' || variant === 'cachedUnderWrites'
        ? [figures.hotShare, figures.warmShare, figures.coldShare, figures.missShare]
            .map(percent)
            .join(' / ')
        : '—';
    const stale =
      figures.checkedReads > 0
        ? `${figures.staleReads} of ${figures.checkedReads.toLocaleString('en-US')} (${((100 * figures.staleReads) / figures.checkedReads).toFixed(2)}%)`
        : '—';
    return [
      `| ${DATABASE_LABELS[kind]} | ${VARIANT_LABELS[variant]} | ${Math.round(figures.requestsPerSecond)} | ` +
        `${figures.p50} | ${figures.p99} | ${figures.sourceQueriesPerRequest.toFixed(3)} | ${answered} | ${stale} |`,
    ];
  });
}

export function goalRows(kind: DatabaseKind, result: DatabaseResult): string {
  const costs = result.writeCosts;
  return (
    `| ${DATABASE_LABELS[kind]} | ${result.cachedToBare.toFixed(2)} (${metOrNot(result.cachedToBareMet)}) | ` +
    `${result.variants.cached?.p99} ms (${metOrNot(result.cachedP99Met)}) | ` +
    `${result.underWritesToReadOnly.toFixed(2)} (${metOrNot(result.underWritesMet)}) | ` +
    `${costs.strata.cpuMsPerPatch.toFixed(2)} / ${costs.source.cpuMsPerPatch.toFixed(2)} ms = ` +
    `${result.patchCpuToSource.toFixed(2)} (${metOrNot(result.patchCpuMet)}) | ` +
    `${costs.uncachedRoute.cpuMsPerPatch.toFixed(2)} ms; Strata / it ${result.patchCpuToUncachedRoute.toFixed(2)} |`
  );
}

function peerRows(kind: DatabaseKind, result: DatabaseResult): string[] {
  return PEER_KINDS.flatMap((peer) => {
    const figures = result.peers[peer];
    if (!figures) {
      return [];
    }
    const stale =
      figures.staleReads > 0
        ? `**serves stale data**: ${figures.staleReads} reads`
        : '0 stale reads';
    return [
      `| ${DATABASE_LABELS[kind]} | ${PEER_LABELS[peer]} | ${figures.strataToPeer.toFixed(2)} | ` +
        `${figures.strataToPeerUnderWrites.toFixed(2)} | ${result.variants.cached?.p99} vs ${figures.p99Ms} | ` +
        `${result.variants.cachedUnderWrites?.p99} vs ${figures.underWritesP99Ms} | ` +
        `${figures.patchCpuMs.toFixed(2)} | ${stale} |`,
    ];
  });
}

export function e2eSection(
  facts: SectionFacts,
  results: ReadonlyArray<[DatabaseKind, DatabaseResult]>,
): string {
  const bareBytes = results.map(([, result]) => result.bareBodyBytes).join(' / ');
  const peerTable = results.flatMap(([kind, result]) => peerRows(kind, result));
  return [
    '## End to end: the api under load, against the peers',
    '',
    `\`GET /v1/contexts/task/:id\` on the real api (createApiApp, in a process of its own) over the`,
    `seeded demo dataset (${facts.tasks.toLocaleString('en-US')} tasks), keys drawn with Zipf(1.0) popularity in a seeded`,
    `random rank order, by autocannon (as a library) with ${facts.connections} connections: (a) the default`,
    `configuration; (b) \`STRATA_CACHE=off\`; (c) a bare Fastify route added to the cached server's own`,
    `instance, answering a constant resolved task context of ${bareBytes} bytes (the Zipf-weighted mean`,
    `answer is ${Math.round(facts.meanBodyBytes)} bytes): the framework's ceiling in the same app.`,
    '',
    `The peers a Nest user would pick, each a server of its own in the same app shape (createHttpApp,`,
    `the api's configuration, logging, ContextsModule and route validation) over a source seeded with`,
    `the same data: (d) \`@nestjs/cache-manager\`'s CacheInterceptor on cache-manager 7 with an in-memory`,
    `Keyv and a \`@keyv/redis\` second layer, entries living their TTL (nothing invalidates them); (e)`,
    `BentoCache with a memory L1, a Redis L2 and its Redis bus, \`getOrSet\`, a PATCH deleting the task's`,
    `context entry after the write. Both with a TTL of 600 s. "Under writes": one writer PATCHes a task`,
    `(Zipf-chosen, from a sequence of its own) ${facts.writesPerSecond} times a second beside the readers; every read is`,
    `checked: a read that began after a PATCH's acknowledgement and answered an older task version is`,
    `a stale read (counted over all rounds). CPU per PATCH: ${'`EntityStore.patch`'} alone in the benchmark's`,
    `process on the source (the source's own write), and each server's CPU time over PATCHes sent one`,
    `after the other with nothing else running, once its cache holds every task; the same route with`,
    `\`STRATA_CACHE=off\` (HTTP, validation, logging and the source write) shows what the cache adds.`,
    '',
    `${facts.rounds} rounds of ${facts.seconds} s per variant, each after ${facts.warmUpSeconds} s of warm-up, the variants' order`,
    `rotating across rounds; medians. Before the first round each cached server reads every task once`,
    `(as the warmer's sweep would) and then serves ${facts.initialWarmUpSeconds} s of the workload; it lives through every`,
    `round, so it is measured in its steady state, not while it fills. Source queries per request and`,
    `the tiers that answered come from \`/v1/cache/stats\` (the peers: their source's statement count),`,
    `read before and after each run, once the server is idle; under writes they include the writes'`,
    `statements. Every answer was a 200 (the run fails otherwise). Latencies are autocannon's, in`,
    `whole milliseconds rounded down (a p99 of 4 is under 5 ms). autocannon and the writer share the`,
    `machine's cores with the servers, so on a small machine the bare route is bound by the client as`,
    `much as by the server: its figure understates the framework's ceiling. \`npm run bench:e2e --`,
    `--profile DIR\` writes a CPU profile of each cached server.`,
    '',
    `Load average when the run started: ${facts.loadAverage.toFixed(1)} on ${cpus().length} cores${facts.loadAverage > cpus().length ? ': the machine was loaded by other work, so every figure is noisy; compare the ratios of one run' : ''}.`,
    '',
    '| database | variant | requests/s | p50 ms | p99 ms | source queries / request | answered by hot / warm / cold / loader (%) | stale reads |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...results.flatMap(([kind, result]) => variantRows(kind, result)),
    '',
    `| database | cached / bare throughput (goal ≥ ${GOALS.cachedToBareThroughput}) | cached p99 at ${facts.connections} connections (goal < ${GOALS.cachedP99Ms} ms) | read throughput under writes / read-only (goal ≥ ${GOALS.readThroughputUnderWrites}) | CPU per PATCH, Strata / source (goal ≤ ${GOALS.patchCpuToSource}×) | CPU per PATCH with \`STRATA_CACHE=off\` (same route) |`,
    '|---|---:|---:|---:|---:|---:|',
    ...results.map(([kind, result]) => goalRows(kind, result)),
    ...(peerTable.length > 0
      ? [
          '',
          '| database | peer | Strata / peer throughput, read-only | under writes | p99 ms Strata vs peer, read-only | under writes | peer CPU per PATCH (ms) | peer correctness under writes |',
          '|---|---|---:|---:|---:|---:|---:|---|',
          ...peerTable,
        ]
      : []),
  ].join('\n');
}
