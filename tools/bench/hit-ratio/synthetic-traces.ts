import type { Trace } from '../traces/read-trace';
import { seededRandom } from '@strata/ttl-policy';
import { zipfSampler } from '../traces/zipf';

/**
 * Generated workloads that ANCHORS.md does not publish, to judge the policy on patterns it was not
 * tuned on. Seeded, so every run replays the same requests.
 */
export interface SyntheticTrace extends Trace {
  capacities: readonly number[];
}

/** One capacity of one synthetic trace: exact LRU and ARC beside the hot tier's policy (%). */
export interface SyntheticResult {
  trace: string;
  capacity: number;
  lru: number;
  arc: number;
  strata: number;
}

const REQUESTS = 1_000_000;

export function syntheticTraces(): SyntheticTrace[] {
  return [
    { ...zipf('zipf-0.8', 0.8, 100_000, REQUESTS, 1), capacities: [1000, 10_000] },
    { ...zipf('zipf-1.0', 1.0, 100_000, REQUESTS, 2), capacities: [1000, 10_000] },
    { ...scanMix('zipf-0.9+scan', 0.9, 20_000, REQUESTS, 3), capacities: [1000, 5000] },
    { ...loop('loop-5000', 5000, REQUESTS), capacities: [1000, 4000] },
    { ...shortReuse('reuse-soon', REQUESTS, 4), capacities: [500, 2000] },
    { ...shiftingHotSet('zipf-shifting', 0.9, 50_000, REQUESTS, 5), capacities: [1000, 5000] },
    // Phase changes: the better policy changes under the cache's feet, so only one that adapts
    // stays near the better of LRU and a frequency filter in every phase.
    {
      ...phases('phases-frequency/recency', REQUESTS, 100_000, 6, [frequencyPhase, recencyPhase]),
      capacities: [1000, 5000],
    },
    {
      ...phases('phases-loop/recency', REQUESTS, 125_000, 7, [loopPhase(6000), recencyPhase]),
      capacities: [1000, 5000],
    },
    {
      ...phases('recency-then-frequency', REQUESTS, REQUESTS / 2, 8, [
        recencyPhase,
        frequencyPhase,
      ]),
      capacities: [1000, 5000],
    },
  ];
}

/** Draws the next request of a phase; `fresh()` hands out keys never requested before. */
type PhaseSource = (random: () => number, fresh: () => number) => () => number;

/** Frequency wins: Zipf(0.9) over a fixed pool of 20 k keys, half the requests one-time keys (a scan). */
const frequencyPhase: PhaseSource = (random, fresh) => {
  const pool = Array.from({ length: 20_000 }, fresh);
  const sample = zipfSampler(0.9, pool.length, random);
  return () => (random() < 0.5 ? pool[sample()] : fresh());
};

/**
 * Recency wins: a working set that drifts. A fifth of the requests introduce a new key; the rest
 * reuse one introduced recently, a geometric number of introductions back (mean 400): popularity
 * is brief, so a frequency filter's memory of the past only misleads.
 */
const recencyPhase: PhaseSource = (random, fresh) => {
  const recent = new Int32Array(4096);
  let introduced = 0;
  return () => {
    if (introduced === 0 || random() < 0.2) {
      const key = fresh();
      recent[introduced++ & 4095] = key;
      return key;
    }
    const back = Math.min(introduced - 1, 4095, Math.floor(-400 * Math.log(1 - random())));
    return recent[(introduced - 1 - back) & 4095];
  };
};

/** A fixed cycle of `length` keys: LRU misses every request once the cycle exceeds the cache. */
function loopPhase(length: number): PhaseSource {
  return (_random, fresh) => {
    const cycle = Array.from({ length }, fresh);
    let position = 0;
    return () => cycle[position++ % length];
  };
}

/**
 * Requests in phases of `phaseLength`, taking turns among `sources`; each phase of a source goes
 * on where that source's previous phase stopped (the same pool, the same drifting set).
 */
function phases(
  name: string,
  requests: number,
  phaseLength: number,
  seed: number,
  sources: readonly PhaseSource[],
): Trace {
  const random = seededRandom(seed);
  let next = 0;
  const fresh = (): number => next++;
  const draws = sources.map((source) => source(random, fresh));
  const keys = new Int32Array(requests);
  for (let i = 0; i < requests; i++) keys[i] = draws[Math.floor(i / phaseLength) % draws.length]();
  return { name, keys, distinct: next };
}

/** Zipf(s) popularity over `distinct` keys, key 0 the most popular. */
function zipf(name: string, s: number, distinct: number, requests: number, seed: number): Trace {
  const sample = zipfSampler(s, distinct, seededRandom(seed));
  const keys = new Int32Array(requests);
  for (let i = 0; i < requests; i++) keys[i] = sample();
  return { name, keys, distinct };
}

/** Half the requests Zipf-popular, half a scan of keys that never come back: scan resistance. */
function scanMix(name: string, s: number, distinct: number, requests: number, seed: number): Trace {
  const random = seededRandom(seed);
  const sample = zipfSampler(s, distinct, random);
  const keys = new Int32Array(requests);
  let scanKey = distinct;
  for (let i = 0; i < requests; i++) keys[i] = random() < 0.5 ? sample() : scanKey++;
  return { name, keys, distinct: scanKey };
}

/** The same keys in the same order over and over: LRU's worst case when the loop exceeds the cache. */
function loop(name: string, length: number, requests: number): Trace {
  const keys = new Int32Array(requests);
  for (let i = 0; i < requests; i++) keys[i] = i % length;
  return { name, keys, distinct: length };
}

/**
 * Every key is new and requested once more soon after (geometric distance, mean 300 requests):
 * pure recency, where frequency carries no signal and a frequency filter can collapse.
 */
function shortReuse(name: string, requests: number, seed: number): Trace {
  const random = seededRandom(seed);
  const keys = new Int32Array(requests).fill(-1);
  let next = 0;
  for (let i = 0; i < requests; i++) {
    if (keys[i] !== -1) continue;
    keys[i] = next;
    let reuse = i + 1 + Math.floor(-300 * Math.log(1 - random()));
    while (reuse < requests && keys[reuse] !== -1) reuse++;
    if (reuse < requests) keys[reuse] = next;
    next++;
  }
  return { name, keys, distinct: next };
}

/** Zipf popularity whose ranking moves to a fresh set of keys every 100,000 requests. */
function shiftingHotSet(
  name: string,
  s: number,
  distinct: number,
  requests: number,
  seed: number,
): Trace {
  const sample = zipfSampler(s, distinct, seededRandom(seed));
  const phase = 100_000;
  const keys = new Int32Array(requests);
  for (let i = 0; i < requests; i++) keys[i] = sample() + distinct * Math.floor(i / phase);
  return { name, keys, distinct: distinct * Math.ceil(requests / phase) };
}
