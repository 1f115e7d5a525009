/** Counters saturate at 15: four bits each, eight to a 32-bit word. */
const MAX_COUNT = 15;
/** One seed per row of the count-min sketch; odd constants so that multiplying permutes. */
const ROW_SEEDS = [0x97cb3127, 0xb7e15163, 0x9e3779b9, 0x7f4a7c15] as const;
/** Counters per expected entry (Caffeine sizes its table the same way: 16 per entry). */
const COUNTERS_PER_ENTRY = 16;
/** Aging period in increments per expected entry: long enough to learn, short enough to forget. */
const SAMPLE_FACTOR = 10;

/**
 * A count-min sketch of 4-bit counters estimating how often each key hash was seen recently
 * (TinyLFU). Every `sampleSize` increments all counters are halved, so old popularity fades.
 * Increments are conservative (only the counters at the minimum grow), which keeps collisions from
 * inflating estimates; that costs one extra pass over four counters and pays for itself in accuracy.
 */
export class FrequencySketch {
  private table = new Uint32Array(0);
  private mask = 0;
  private additions = 0;
  /** Distinct keys the table is sized for. */
  capacity = 0;
  /** Increments between two agings. */
  sampleSize = 0;

  constructor(expectedEntries: number) {
    this.ensureCapacity(expectedEntries);
  }

  /** Grows the table for at least this many distinct hot keys; growing forgets what was counted. */
  ensureCapacity(expectedEntries: number): void {
    const wanted = Math.max(16, Math.ceil(expectedEntries));
    if (wanted <= this.capacity) return;
    this.capacity = wanted;
    const words = nextPowerOfTwo((wanted * COUNTERS_PER_ENTRY) / 8);
    this.table = new Uint32Array(words);
    this.mask = words - 1;
    this.sampleSize = SAMPLE_FACTOR * wanted;
    this.additions = 0;
  }

  /** The estimated recent frequency of the hash, 0 to 15. */
  frequency(hash: number): number {
    let min = MAX_COUNT;
    for (let row = 0; row < 4; row++) {
      const slot = slotOf(hash, row);
      const count = (this.table[slot & this.mask] >>> ((slot >>> 29) << 2)) & 0xf;
      if (count < min) min = count;
    }
    return min;
  }

  increment(hash: number): void {
    const table = this.table;
    const mask = this.mask;
    const s0 = slotOf(hash, 0);
    const s1 = slotOf(hash, 1);
    const s2 = slotOf(hash, 2);
    const s3 = slotOf(hash, 3);
    const c0 = (table[s0 & mask] >>> ((s0 >>> 29) << 2)) & 0xf;
    const c1 = (table[s1 & mask] >>> ((s1 >>> 29) << 2)) & 0xf;
    const c2 = (table[s2 & mask] >>> ((s2 >>> 29) << 2)) & 0xf;
    const c3 = (table[s3 & mask] >>> ((s3 >>> 29) << 2)) & 0xf;
    const min = Math.min(c0, c1, c2, c3);
    if (min === MAX_COUNT) return;
    if (c0 === min) table[s0 & mask] += 1 << ((s0 >>> 29) << 2);
    if (c1 === min) table[s1 & mask] += 1 << ((s1 >>> 29) << 2);
    if (c2 === min) table[s2 & mask] += 1 << ((s2 >>> 29) << 2);
    if (c3 === min) table[s3 & mask] += 1 << ((s3 >>> 29) << 2);
    if (++this.additions >= this.sampleSize) this.age();
  }

  /** Halves every counter: a shift per word, masking the bit that crossed into the next counter. */
  private age(): void {
    const table = this.table;
    for (let i = 0; i < table.length; i++) {
      table[i] = (table[i] >>> 1) & 0x77777777;
    }
    this.additions >>>= 1;
  }
}

/** A per-row slot: low bits pick the word, the top three bits pick the counter within it. */
function slotOf(hash: number, row: number): number {
  let h = Math.imul(hash ^ ROW_SEEDS[row], 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function nextPowerOfTwo(value: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, value)));
}
