import { HIT_SAMPLE_RATE, PolicyNode, ReadBuffer, WindowTinyLfuPolicy } from '@strata/tiers';
import type { Trace } from '../traces/read-trace';
import { seededRandom } from '@strata/ttl-policy';

export type PolicyName = 'strata' | 'lru';
export const POLICY_NAMES: readonly PolicyName[] = ['strata', 'lru'];

/** Replays the trace through the named policy at this capacity (every entry weighs 1); percent hits. */
export function replay(trace: Trace, capacity: number, policy: PolicyName): number {
  const hits = policy === 'strata' ? replayStrata(trace, capacity) : replayLru(trace, capacity);
  return trace.keys.length === 0 ? 0 : (100 * hits) / trace.keys.length;
}

class TraceNode extends PolicyNode {
  constructor(readonly id: number) {
    super(hashOf(id), 1);
  }
}

/**
 * The hot tier's policy, driven the way the hot tier drives it: hits go through the same sampled
 * read buffer; a miss drains it, is recorded, then the key added.
 */
function replayStrata(trace: Trace, capacity: number): number {
  const resident: (TraceNode | undefined)[] = new Array(trace.distinct).fill(undefined);
  const policy = new WindowTinyLfuPolicy({
    maximumWeight: capacity,
    expectedEntries: capacity,
    random: seededRandom(0x5eed),
    onEvict: (node) => {
      resident[(node as TraceNode).id] = undefined;
    },
  });
  const reads = new ReadBuffer<TraceNode>((node) => policy.recordSampledHit(node, HIT_SAMPLE_RATE));
  let hits = 0;
  for (const id of trace.keys) {
    const node = resident[id];
    if (node !== undefined) {
      hits++;
      policy.uncountedHits++;
      reads.record(node);
    } else {
      reads.drain();
      const added = new TraceNode(id);
      resident[id] = added;
      policy.recordMiss(added.hash);
      policy.add(added);
    }
  }
  return hits;
}

/** Exact LRU over typed arrays: a ring of key ids in recency order with a sentinel at `distinct`. */
function replayLru(trace: Trace, capacity: number): number {
  const sentinel = trace.distinct;
  const prev = new Int32Array(sentinel + 1);
  const next = new Int32Array(sentinel + 1);
  const isResident = new Uint8Array(sentinel);
  prev[sentinel] = next[sentinel] = sentinel;
  const unlink = (id: number): void => {
    next[prev[id]] = next[id];
    prev[next[id]] = prev[id];
  };
  const pushMostRecent = (id: number): void => {
    const last = prev[sentinel];
    prev[id] = last;
    next[id] = sentinel;
    next[last] = id;
    prev[sentinel] = id;
  };
  let size = 0;
  let hits = 0;
  for (const id of trace.keys) {
    if (isResident[id] === 1) {
      hits++;
      unlink(id);
    } else if (size === capacity) {
      const eldest = next[sentinel];
      unlink(eldest);
      isResident[eldest] = 0;
      isResident[id] = 1;
    } else {
      size++;
      isResident[id] = 1;
    }
    pushMostRecent(id);
  }
  return hits;
}

/** Integer keys hashed the way string keys are: spread so the sketch's rows see independent bits. */
function hashOf(id: number): number {
  let h = Math.imul(id ^ (id >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}
