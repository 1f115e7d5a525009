import { FrequencySketch } from './frequency-sketch';
import { PolicySlots } from './policy-slots';
import { WindowTinyLfuPolicy } from './window-tiny-lfu-policy';

/**
 * The window shares the miniature caches keep, fixed; the real policy takes the best one's. From
 * Caffeine's 1% (frequency wins) to the whole cache (pure LRU: recency wins).
 */
export const SIMULATED_SHARES = [0.01, 0.04, 0.12, 0.3, 0.6, 1] as const;
/** Entries a miniature cache is sized for: large enough to rank windows, small enough to be cheap. */
const MINI_ENTRIES = 256;
/** Simulated requests per decision, per entry of a miniature cache. */
const PERIOD_FACTOR = 8;
/** Each decision weighs the last period as much as all before it together: old phases fade. */
const SCORE_DECAY = 0.5;

/** One miniature cache: a fixed-window W-TinyLFU over the simulated keys, keyed by their hash. */
class MiniCache {
  readonly slots = new PolicySlots(64);
  readonly policy: WindowTinyLfuPolicy;
  private readonly slotOf = new Map<number, number>();
  private readonly free: number[] = [];
  hits = 0;
  score = 0;

  constructor(share: number, maximumWeight: number, sketch: FrequencySketch) {
    this.policy = new WindowTinyLfuPolicy({
      maximumWeight,
      slots: this.slots,
      sketch,
      fixedWindowShare: share,
      // Deterministic, so that the simulations of one trace always decide alike.
      random: () => 0.5,
      onEvict: (slot) => {
        this.slotOf.delete(this.slots.hash[slot]);
        this.free.push(slot);
      },
    });
  }

  request(hash: number, weight: number): void {
    const resident = this.slotOf.get(hash);
    if (resident !== undefined) {
      this.hits++;
      this.policy.recordAccess(resident);
      return;
    }
    const slot = this.free.pop() ?? this.slotOf.size;
    if (slot >= this.slots.capacity) this.slots.grow(2 * this.slots.capacity);
    this.slotOf.set(hash, slot);
    this.policy.add(slot, hash, weight);
  }
}

/**
 * How the policy adapts its window: miniature simulations (spatial sampling, as in SHARDS and
 * Caffeine's simulator's mini-sim climber). A fixed share of the keys, chosen by hash, is
 * followed by several small caches, identical but for their window share; every period the real
 * policy takes the share whose cache hit most lately. The simulations see the same requests at
 * the same time, so a phase of the workload changes all of them alike and cannot be mistaken for
 * the effect of a window size, as a hill climber comparing consecutive periods can; and a loop
 * larger than the cache, where a bigger window only hurts, shows as such.
 *
 * Sampling keeps the cost bounded: one key in 2^k is simulated, with k chosen so that each
 * miniature holds about MINI_ENTRIES entries, and every cache costs a few dozen kilobytes however
 * large the real one. Growing k keeps the sampled keys a subset of those sampled before.
 */
export class WindowSimulations {
  private caches: MiniCache[] = [];
  private sketch = new FrequencySketch(MINI_ENTRIES);
  /** log2 of the sampling divisor: keys whose mixed hash has k low zero bits are simulated. */
  private shift = -1;
  private mask = 0;
  private requests = 0;
  private period = 0;
  /** Index into SIMULATED_SHARES of the share the real policy should have. */
  private chosen = 0;

  constructor(
    private readonly maximumWeight: number,
    expectedEntries: number,
  ) {
    this.resize(expectedEntries);
  }

  /** The window share the simulations favour. */
  get windowShare(): number {
    return SIMULATED_SHARES[this.chosen];
  }

  /** Whether the key with this hash is followed: every request for it must be handed to `request`. */
  simulates(hash: number): boolean {
    return (sampleBits(hash) & this.mask) === 0;
  }

  /** A request (hit or miss in the real cache) for a simulated key; others are ignored. */
  request(hash: number, weight: number): void {
    if (!this.simulates(hash)) return;
    this.sketch.increment(hash);
    for (const cache of this.caches) cache.request(hash, weight);
    if (++this.requests >= this.period) this.decide();
  }

  /**
   * Samples for a real cache of about this many entries; a coarser sampling (the cache grew)
   * starts the miniatures afresh, keeping the share chosen so far.
   */
  resize(expectedEntries: number): void {
    const shift = Math.max(0, Math.ceil(Math.log2(Math.max(1, expectedEntries) / MINI_ENTRIES)));
    if (shift <= this.shift) return;
    this.shift = Math.min(shift, 30);
    this.mask = 2 ** this.shift - 1;
    const miniEntries = Math.max(1, Math.round(expectedEntries / 2 ** this.shift));
    const miniWeight = this.maximumWeight / 2 ** this.shift;
    this.sketch = new FrequencySketch(miniEntries);
    this.caches = SIMULATED_SHARES.map((share) => new MiniCache(share, miniWeight, this.sketch));
    this.period = PERIOD_FACTOR * miniEntries;
    this.requests = 0;
  }

  private decide(): void {
    this.requests = 0;
    let best = this.chosen;
    for (const cache of this.caches) {
      cache.score = cache.score * SCORE_DECAY + cache.hits;
      cache.hits = 0;
    }
    // The best scorer wins; on a tie the current share stays.
    for (const [index, cache] of this.caches.entries()) {
      if (cache.score > this.caches[best].score) best = index;
    }
    this.chosen = best;
  }
}

/** A mix of the key hash independent of the bits the sketch and the maps use. */
function sampleBits(hash: number): number {
  const h = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
