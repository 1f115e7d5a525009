import { grownColumn } from '../slot-columns';
import { FrequencySketch } from './frequency-sketch';
import { PolicySlots, Region, REGION_MASK } from './policy-slots';
import { WindowTinyLfuPolicy } from './window-tiny-lfu-policy';

/**
 * The window shares the miniature caches keep, fixed; the real policy takes the best one's. From
 * Caffeine's 1% (frequency wins) to the whole cache (pure LRU: recency wins).
 */
export const SIMULATED_SHARES = [0.01, 0.04, 0.12, 0.3, 0.6, 1] as const;

/** A window the miniatures try: its share, and whether it keeps insertion order (FIFO) instead of recency. */
export interface SimulatedWindow {
  share: number;
  insertionOrder: boolean;
}

/**
 * Each share with a recency-ordered window, and the whole cache as a FIFO of the keys not read
 * since they came, a hit sending a key to the main space, which then has no room: the keys read
 * again leave first. That wins where a second read says a key is finished (each read again soon
 * after it came, then never), where LRU keeps the finished keys longest; ARC wins there by starving
 * its frequency list, and this is how the window follows it.
 */
export const SIMULATED_WINDOWS: readonly SimulatedWindow[] = [
  ...SIMULATED_SHARES.map((share) => ({ share, insertionOrder: false })),
  { share: 1, insertionOrder: true },
];
/** Entries a miniature cache is sized for: large enough to rank windows, small enough to be cheap. */
const MINI_ENTRIES = 256;
/** Simulated requests per decision, per entry of a miniature cache. */
const PERIOD_FACTOR = 8;
/** Each decision weighs the last period as much as all before it together: old phases fade. */
const SCORE_DECAY = 0.5;

/** One miniature cache: a fixed-window W-TinyLFU over the simulated keys' shared slots. */
class MiniCache {
  readonly slots: PolicySlots;
  readonly policy: WindowTinyLfuPolicy;
  hits = 0;
  score = 0;

  constructor(
    window: SimulatedWindow,
    maximumWeight: number,
    sketch: FrequencySketch,
    capacity: number,
    onEvict: (slot: number) => void,
  ) {
    this.slots = new PolicySlots(capacity);
    this.policy = new WindowTinyLfuPolicy({
      maximumWeight,
      slots: this.slots,
      sketch,
      fixedWindowShare: window.share,
      fixedInsertionOrder: window.insertionOrder,
      // Deterministic, so that the simulations of one trace always decide alike.
      random: () => 0.5,
      onEvict,
    });
  }

  /** A request for the key in `slot`: a hit if this miniature holds it, else it is added. */
  request(slot: number, hash: number, weight: number): boolean {
    if ((this.slots.state[slot] & REGION_MASK) !== Region.None) {
      this.hits++;
      this.policy.recordAccess(slot);
      return false;
    }
    this.policy.add(slot, hash, weight);
    return true;
  }
}

/**
 * How the policy adapts its window: miniature simulations (spatial sampling, as in SHARDS and
 * Caffeine's simulator's mini-sim climber). A fixed share of the keys, chosen by hash, is
 * followed by several small caches, identical but for their window (see SIMULATED_WINDOWS); every
 * period the real policy takes the window whose cache hit most lately. The simulations see the same requests at
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
  /**
   * The simulated keys any miniature holds, by hash, to one slot number shared by all of them
   * (one lookup a request, however many miniatures), and how many hold each slot.
   */
  private readonly slotOf = new Map<number, number>();
  private holders = new Uint8Array(0);
  private hashes = new Int32Array(0);
  private readonly free: number[] = [];
  private sketch = new FrequencySketch(MINI_ENTRIES);
  /** log2 of the sampling divisor: keys whose mixed hash has k low zero bits are simulated. */
  private shift = -1;
  private mask = 0;
  private requests = 0;
  private period = 0;
  /** Index into SIMULATED_WINDOWS of the window the real policy should have. */
  private chosen = 0;

  constructor(
    private readonly maximumWeight: number,
    expectedEntries: number,
  ) {
    this.resize(expectedEntries);
  }

  /** The window share the simulations favour. */
  get windowShare(): number {
    return SIMULATED_WINDOWS[this.chosen].share;
  }

  /** Whether the window the simulations favour keeps insertion order rather than recency. */
  get insertionOrder(): boolean {
    return SIMULATED_WINDOWS[this.chosen].insertionOrder;
  }

  /** Whether the key with this hash is followed: every request for it must be handed to `request`. */
  simulates(hash: number): boolean {
    return (sampleBits(hash) & this.mask) === 0;
  }

  /** A request (hit or miss in the real cache) for a simulated key; others are ignored. */
  request(hash: number, weight: number): void {
    if (!this.simulates(hash)) return;
    this.sketch.increment(hash);
    let slot = this.slotOf.get(hash);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.slotOf.size;
      if (slot >= this.hashes.length) this.grow(2 * this.hashes.length);
      this.slotOf.set(hash, slot);
      this.hashes[slot] = hash;
    }
    // Held while the miniatures run, so that one evicting it cannot free it under the others.
    this.holders[slot]++;
    for (const cache of this.caches) if (cache.request(slot, hash, weight)) this.holders[slot]++;
    this.release(slot);
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
    // Each miniature holds about miniEntries entries, mostly the same keys; more slots grow on demand.
    const capacity = Math.ceil(1.25 * miniEntries) + 16;
    this.slotOf.clear();
    this.free.length = 0;
    this.holders = new Uint8Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.caches = SIMULATED_WINDOWS.map(
      (window) =>
        new MiniCache(window, miniWeight, this.sketch, capacity, (slot) => this.release(slot)),
    );
    this.period = PERIOD_FACTOR * miniEntries;
    this.requests = 0;
  }

  /** Room for more slots: light entries can make a miniature hold more than it was sized for. */
  private grow(capacity: number): void {
    this.holders = grownColumn(this.holders, capacity);
    this.hashes = grownColumn(this.hashes, capacity);
    for (const cache of this.caches) cache.slots.grow(capacity);
  }

  /** One holder let go of the slot; the last frees it. */
  private release(slot: number): void {
    if (--this.holders[slot] > 0) return;
    this.slotOf.delete(this.hashes[slot]);
    this.free.push(slot);
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
