import { HIT_SAMPLE_RATE, ReadBuffer } from '../read-buffer';
import { PolicySlots, Region, SIMULATED } from './policy-slots';
import { WindowTinyLfuPolicy } from './window-tiny-lfu-policy';

const hashOf = (key: number): number => Math.imul(key + 1, 0x9e3779b1);

/**
 * A policy-backed cache of integer keys, driven the way the hot tier drives the policy: keys map
 * to slots, freed slots are reused, hits go through the sampled read buffer.
 */
class Harness {
  readonly resident = new Map<number, number>();
  readonly evicted: number[] = [];
  readonly slots = new PolicySlots(64);
  readonly policy: WindowTinyLfuPolicy;
  readonly reads: ReadBuffer;
  private readonly keyOf: number[] = [];
  private readonly free: number[] = [];
  hits = 0;

  constructor(maximumWeight: number, fixedWindowShare?: number, fixedInsertionOrder?: boolean) {
    this.policy = new WindowTinyLfuPolicy({
      maximumWeight,
      slots: this.slots,
      expectedEntries: maximumWeight,
      fixedWindowShare,
      fixedInsertionOrder,
      random: () => 0.5,
      onEvict: (slot) => {
        const key = this.keyOf[slot];
        this.resident.delete(key);
        this.evicted.push(key);
        this.free.push(slot);
      },
    });
    this.reads = new ReadBuffer({
      sampled: (slot) => this.policy.recordSampledHit(slot, HIT_SAMPLE_RATE),
      unsampled: (slot) => this.policy.recordUnsampledHit(slot),
    });
  }

  request(key: number, weight = 1): void {
    const slot = this.resident.get(key);
    if (slot !== undefined) {
      this.hits++;
      this.reads.record(slot, this.slots.state);
      return;
    }
    this.reads.drain();
    const added = this.free.pop() ?? this.keyOf.length;
    if (added >= this.slots.capacity) this.slots.grow(2 * this.slots.capacity);
    this.keyOf[added] = key;
    this.resident.set(key, added);
    this.policy.recordMiss(hashOf(key));
    this.policy.add(added, hashOf(key), weight);
  }

  /** Counts requests for a key without it becoming resident (as misses the loader has not filled yet). */
  countMisses(key: number, times: number): void {
    this.reads.drain();
    for (let i = 0; i < times; i++) this.policy.recordMiss(hashOf(key));
  }

  slotOf(key: number): number {
    return this.resident.get(key) as number;
  }
}

describe('WindowTinyLfuPolicy', () => {
  it('stops sending every hit of a key to the simulations once their coarser sampling drops it', () => {
    // Sized for few entries, the simulations first follow every key; as the policy grows they
    // follow one in 2^k, and the keys flagged earlier must not keep sending each hit one by one.
    const slots = new PolicySlots(4096);
    const policy = new WindowTinyLfuPolicy({
      maximumWeight: 4096,
      slots,
      onEvict: () => undefined,
    });
    for (let slot = 0; slot < 4096; slot++) policy.add(slot, hashOf(slot), 1);
    const flagged = (): number => slots.state.filter((state) => (state & SIMULATED) !== 0).length;
    expect(flagged()).toBeGreaterThan(400);
    for (let slot = 0; slot < 4096; slot++) policy.recordAccess(slot);
    expect(flagged()).toBeLessThan(4096 / 16);
  });

  it('with the whole cache as an insertion-order window, lets the keys read again leave first', () => {
    const cache = new Harness(100, 1, true);
    for (let key = 0; key < 100; key++) cache.request(key);
    cache.request(5);
    cache.request(0);
    cache.request(100);
    cache.request(101);
    expect(cache.evicted).toEqual([5, 0]);
    // The rest leave in the order they came.
    for (let key = 102; key < 105; key++) cache.request(key);
    expect(cache.evicted).toEqual([5, 0, 1, 2, 3]);
  });

  it('admits a candidate more popular than the victim and refuses one less popular', () => {
    const cache = new Harness(100, 0.01);
    for (let key = 0; key < 100; key++) cache.request(key);
    for (let round = 0; round < 3; round++) for (let key = 0; key < 100; key++) cache.request(key);

    cache.request(1000); // one request: less popular than every resident
    cache.request(1001); // pushes 1000 out of the window, where it must compete
    expect(cache.resident.has(1000)).toBe(false);
    expect(cache.evicted).toContain(1000);

    cache.countMisses(2000, 9);
    cache.request(2000); // ten requests: more popular than any resident
    cache.request(2001);
    expect(cache.resident.has(2000)).toBe(true);
  });

  it('evicts the least recently used entry of probation, sparing what was hit since admission', () => {
    const cache = new Harness(100, 0.01);
    for (let key = 0; key < 100; key++) cache.request(key);
    cache.request(0); // promoted to protected: no longer the eldest of probation
    cache.countMisses(500, 9);
    cache.request(500);
    cache.request(501); // 500 leaves the window and wins against probation's eldest
    expect(cache.evicted).toEqual(expect.arrayContaining([1]));
    expect(cache.resident.has(0)).toBe(true);
    expect(cache.resident.has(500)).toBe(true);
  });

  it('keeps the total weight within the maximum, and never keeps a node heavier than it', () => {
    const cache = new Harness(1000);
    for (let key = 0; key < 200; key++) {
      cache.request(key % 50, 1 + ((key * 37) % 300));
      expect(cache.policy.weightedSize).toBeLessThanOrEqual(1000);
    }
    cache.request(9999, 1001);
    expect(cache.resident.has(9999)).toBe(false);
    expect(cache.policy.weightedSize).toBeLessThanOrEqual(1000);
  });

  it('forgets what remove() took out, in weight and in size', () => {
    const cache = new Harness(10);
    for (let key = 0; key < 5; key++) cache.request(key, 2);
    const slot = cache.slotOf(3);
    cache.policy.remove(slot);
    expect(cache.policy.weightedSize).toBe(8);
    expect(cache.policy.size).toBe(4);
    expect(cache.policy.residents()).not.toContain(slot);
    expect(cache.slots.region(slot)).toBe(Region.None);
  });

  it('grows the window on a recency trace, where entries are reused soon after their first request', () => {
    const cache = new Harness(100);
    // Each key is requested twice, ten keys apart: a 1% window misses every reuse, LRU hits each.
    for (let key = 0; key < 20_000; key++) {
      cache.request(key);
      if (key >= 10) cache.request(key - 10);
    }
    expect(cache.policy.windowShare).toBeGreaterThanOrEqual(0.12);
    expect(cache.hits / 40_000).toBeGreaterThan(0.45); // nearly every reuse, as LRU
  });

  it('keeps the window small on a frequency trace, where popular keys recur between one-time scans', () => {
    const cache = new Harness(100);
    // 50 popular keys, each request followed by four never-repeated keys: LRU would hit nothing.
    let scan = 1_000_000;
    for (let i = 0; i < 20_000; i++) {
      cache.request(i % 50);
      for (let s = 0; s < 4; s++) cache.request(scan++);
    }
    expect(cache.policy.windowShare).toBeLessThan(0.1);
    expect(cache.hits / 100_000).toBeGreaterThan(0.15);
  });

  it('marks an entry read at its first hit, sampled or not, and unread again when replaced', () => {
    const cache = new Harness(100);
    for (let key = 0; key < 50; key++) cache.request(key);
    for (let key = 0; key < 50; key += 2) cache.request(key);
    cache.reads.drain();
    for (let key = 0; key < 50; key++) {
      expect(cache.slots.wasRead(cache.slotOf(key))).toBe(key % 2 === 0);
    }
    cache.policy.replace(cache.slotOf(0), 3);
    expect(cache.slots.wasRead(cache.slotOf(0))).toBe(false);
    expect(cache.policy.weightedSize).toBe(52);
  });

  it('keeps its lists consistent while slots are freed and reused', () => {
    const cache = new Harness(50);
    for (let i = 0; i < 5000; i++) cache.request((i * 7919) % 400, 1 + (i % 3));
    const residents = cache.policy.residents();
    expect(new Set(residents).size).toBe(residents.length);
    expect(residents.length).toBe(cache.resident.size);
    expect(residents.sort((a, b) => a - b)).toEqual(
      [...cache.resident.values()].sort((a, b) => a - b),
    );
    let weight = 0;
    for (const slot of residents) weight += cache.slots.weight[slot];
    expect(weight).toBe(cache.policy.weightedSize);
    expect(weight).toBeLessThanOrEqual(50);
  });

  it('follows phase changes: a large window while recency pays, a small one while frequency does', () => {
    const cache = new Harness(200);
    let fresh = 1_000_000;
    const frequencyPhase = (): void => {
      for (let i = 0; i < 20_000; i++) {
        cache.request(i % 100);
        for (let s = 0; s < 4; s++) cache.request(fresh++);
      }
    };
    const recencyPhase = (): void => {
      for (let i = 0; i < 40_000; i++) {
        const key = fresh++;
        cache.request(key);
        cache.request(key - 50);
      }
    };
    frequencyPhase();
    expect(cache.policy.windowShare).toBeLessThan(0.1);
    recencyPhase();
    expect(cache.policy.windowShare).toBeGreaterThanOrEqual(0.3);
    frequencyPhase();
    expect(cache.policy.windowShare).toBeLessThan(0.1);
  });

  it('keeps a fixed window when told to', () => {
    const cache = new Harness(100, 0.5);
    for (let key = 0; key < 20_000; key++) cache.request(key % 150);
    expect(cache.policy.windowShare).toBe(0.5);
  });
});
