import {
  HIT_SAMPLE_RATE,
  PolicySlots,
  ReadBuffer,
  Region,
  REGION_MASK,
  WindowTinyLfuPolicy,
} from '@strata/tiers';
import type { Trace } from '../traces/read-trace';
import { replayArc } from './arc';
import { seededRandom } from '@strata/ttl-policy';

export type PolicyName = 'strata' | 'lru' | 'arc';
export const POLICY_NAMES: readonly PolicyName[] = ['strata', 'lru', 'arc'];

const REPLAYS: Record<PolicyName, (trace: Trace, capacity: number) => number> = {
  strata: replayStrata,
  lru: replayLru,
  arc: replayArc,
};

/** Replays the trace through the named policy at this capacity (every entry weighs 1); percent hits. */
export function replay(trace: Trace, capacity: number, policy: PolicyName): number {
  const hits = REPLAYS[policy](trace, capacity);
  return trace.keys.length === 0 ? 0 : (100 * hits) / trace.keys.length;
}

/**
 * The hot tier's policy, driven the way the hot tier drives it: each trace key is its own slot;
 * hits go through the same sampled read buffer (a slot's first hit and probation hits always);
 * a miss drains it, is recorded, then the key added.
 */
function replayStrata(trace: Trace, capacity: number): number {
  const slots = new PolicySlots(trace.distinct);
  const state = slots.state;
  const policy = new WindowTinyLfuPolicy({
    maximumWeight: capacity,
    slots,
    expectedEntries: capacity,
    random: seededRandom(0x5eed),
    onEvict: () => undefined,
  });
  const reads = new ReadBuffer({
    sampled: (slot) => policy.recordSampledHit(slot, HIT_SAMPLE_RATE),
    unsampled: (slot) => policy.recordUnsampledHit(slot),
  });
  let hits = 0;
  for (const id of trace.keys) {
    if ((state[id] & REGION_MASK) !== Region.None) {
      hits++;
      reads.record(id, state);
    } else {
      reads.drain();
      const hash = hashOf(id);
      policy.recordMiss(hash);
      policy.add(id, hash, 1);
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
