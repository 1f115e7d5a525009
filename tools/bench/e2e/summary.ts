import { median } from '../report/statistics';
import type { RunResult } from './load-run';
import type { PatchCost } from './patch-cost';
import { PEER_KINDS, type PeerKind } from './peers/peer-kind';

/**
 * (a) through the cache, (b) `STRATA_CACHE=off`, (c) the bare route: the framework's ceiling;
 * the peers read-only; then Strata and the peers with a writer beside the readers.
 */
export const VARIANTS = [
  'cached',
  'uncached',
  'bare',
  'cacheManager',
  'bentocache',
  'cachedUnderWrites',
  'cacheManagerUnderWrites',
  'bentocacheUnderWrites',
] as const;
export type Variant = (typeof VARIANTS)[number];

export const UNDER_WRITES: Record<'cached' | PeerKind, Variant> = {
  cached: 'cachedUnderWrites',
  cacheManager: 'cacheManagerUnderWrites',
  bentocache: 'bentocacheUnderWrites',
};

/** Issue 5's goals for the cached route, issue 12's for writes. */
export const GOALS = {
  cachedToBareThroughput: 0.8,
  cachedP99Ms: 5,
  /** Read throughput with the writer running, against read-only. */
  readThroughputUnderWrites: 0.9,
  /** A PATCH's server CPU against the source's own write. */
  patchCpuToSource: 2,
} as const;

export type VariantSummary = RunResult;

export interface PeerComparison {
  requestsPerSecond: number;
  p99Ms: number;
  underWritesRequestsPerSecond: number;
  underWritesP99Ms: number;
  /** Over every round under writes. */
  staleReads: number;
  checkedReads: number;
  /** Strata's throughput over the peer's, read-only and under writes. */
  strataToPeer: number;
  strataToPeerUnderWrites: number;
  patchCpuMs: number;
}

export interface WriteCosts {
  strata: PatchCost;
  /** `EntityStore.patch` alone, in process: the goal's yardstick. */
  source: PatchCost;
  /** The same PATCH route with `STRATA_CACHE=off`: HTTP, validation and the source write. */
  uncachedRoute: PatchCost;
  peers: Partial<Record<PeerKind, PatchCost>>;
}

export interface DatabaseSummary {
  variants: Partial<Record<Variant, VariantSummary>>;
  cachedToBare: number;
  cachedP99Met: boolean;
  cachedToBareMet: boolean;
  /** Strata's read throughput under writes over read-only. */
  underWritesToReadOnly: number;
  underWritesMet: boolean;
  patchCpuToSource: number;
  patchCpuMet: boolean;
  /** What the cache adds to a PATCH: Strata's CPU over the same route's with the cache off. */
  patchCpuToUncachedRoute: number;
  writeCosts: WriteCosts;
  peers: Partial<Record<PeerKind, PeerComparison>>;
}

/** Medians over the rounds, figure by figure; stale reads and writes are summed. */
export function summariseRuns(
  runs: Partial<Record<Variant, RunResult[]>>,
  writeCosts: WriteCosts,
): DatabaseSummary {
  const variants: Partial<Record<Variant, VariantSummary>> = {};
  for (const variant of VARIANTS) {
    const measured = runs[variant];
    if (measured && measured.length > 0) {
      variants[variant] = medianRun(measured);
    }
  }
  const cached = required(variants, 'cached');
  const cachedUnderWrites = required(variants, 'cachedUnderWrites');
  const cachedToBare = cached.requestsPerSecond / required(variants, 'bare').requestsPerSecond;
  const underWritesToReadOnly = cachedUnderWrites.requestsPerSecond / cached.requestsPerSecond;
  const patchCpuToSource = writeCosts.strata.cpuMsPerPatch / writeCosts.source.cpuMsPerPatch;
  const peers: Partial<Record<PeerKind, PeerComparison>> = {};
  for (const peer of PEER_KINDS) {
    const readOnly = variants[peer];
    const underWrites = variants[UNDER_WRITES[peer]];
    const cost = writeCosts.peers[peer];
    if (readOnly && underWrites && cost) {
      peers[peer] = {
        requestsPerSecond: readOnly.requestsPerSecond,
        p99Ms: readOnly.p99,
        underWritesRequestsPerSecond: underWrites.requestsPerSecond,
        underWritesP99Ms: underWrites.p99,
        staleReads: underWrites.staleReads,
        checkedReads: underWrites.checkedReads,
        strataToPeer: cached.requestsPerSecond / readOnly.requestsPerSecond,
        strataToPeerUnderWrites:
          cachedUnderWrites.requestsPerSecond / underWrites.requestsPerSecond,
        patchCpuMs: cost.cpuMsPerPatch,
      };
    }
  }
  return {
    variants,
    cachedToBare,
    cachedToBareMet: cachedToBare >= GOALS.cachedToBareThroughput,
    cachedP99Met: cached.p99 < GOALS.cachedP99Ms,
    underWritesToReadOnly,
    underWritesMet: underWritesToReadOnly >= GOALS.readThroughputUnderWrites,
    patchCpuToSource,
    patchCpuMet: patchCpuToSource <= GOALS.patchCpuToSource,
    patchCpuToUncachedRoute:
      writeCosts.strata.cpuMsPerPatch / writeCosts.uncachedRoute.cpuMsPerPatch,
    writeCosts,
    peers,
  };
}

function required(
  variants: Partial<Record<Variant, VariantSummary>>,
  variant: Variant,
): VariantSummary {
  const summary = variants[variant];
  if (!summary) {
    throw new Error(`no run of ${variant}`);
  }
  return summary;
}

function medianRun(runs: readonly RunResult[]): RunResult {
  const of = (figure: keyof RunResult) => median(runs.map((run) => run[figure]));
  const sum = (figure: keyof RunResult) => runs.reduce((total, run) => total + run[figure], 0);
  return {
    requestsPerSecond: of('requestsPerSecond'),
    p50: of('p50'),
    p99: of('p99'),
    requests: of('requests'),
    sourceQueriesPerRequest: of('sourceQueriesPerRequest'),
    hotShare: of('hotShare'),
    warmShare: of('warmShare'),
    coldShare: of('coldShare'),
    missShare: of('missShare'),
    staleReads: sum('staleReads'),
    checkedReads: sum('checkedReads'),
    writes: sum('writes'),
    writesRefused: sum('writesRefused'),
  };
}

/** Each round starts with a different variant, so drift in the machine's speed favours none. */
export function roundOrder(variants: readonly Variant[], round: number): Variant[] {
  return variants.map((_, index) => variants[(index + round) % variants.length]);
}
