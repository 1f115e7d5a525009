/** Counters saturate at 15: four bits each, eight to a 32-bit word. */
const MAX_COUNT = 15;
/** Counters per expected entry (Caffeine sizes its table the same way: 16 per entry). */
const COUNTERS_PER_ENTRY = 16;
/** Aging period in increments per expected entry: long enough to learn, short enough to forget. */
const SAMPLE_FACTOR = 10;
/** A block is one 64-byte cache line: 16 words, four per row of the count-min sketch. */
const BLOCK_WORDS = 16;

/**
 * A count-min sketch of 4-bit counters estimating how often each key hash was seen recently
 * (TinyLFU). Every `sampleSize` increments all counters are halved, so old popularity fades.
 *
 * As in Caffeine's current sketch, a key's four counters (one per row) all lie in one 64-byte
 * block chosen by its hash, so an increment touches one cache line instead of four. Increments are
 * conservative (only the counters at the minimum grow), which keeps collisions from inflating
 * estimates.
 */
export class FrequencySketch {
  private table = new Uint32Array(0);
  private blockMask = 0;
  private additions = 0;
  /** Distinct keys the table is sized for. */
  capacity = 0;
  /** Increments between two agings. */
  sampleSize = 0;
  /**
   * Agings and resizes so far. Between two of them counters only grow, so a key seen saturated
   * stays saturated until this changes: callers may skip its increments (see SATURATION_MASK in policy-slots).
   */
  epoch = 0;

  constructor(expectedEntries: number) {
    this.ensureCapacity(expectedEntries);
  }

  /** Grows the table for at least this many distinct hot keys; growing forgets what was counted. */
  ensureCapacity(expectedEntries: number): void {
    if (expectedEntries <= this.capacity) return;
    const blocks = nextPowerOfTwo(
      (Math.max(16, expectedEntries) * COUNTERS_PER_ENTRY) / 8 / BLOCK_WORDS,
    );
    this.table = new Uint32Array(blocks * BLOCK_WORDS);
    this.blockMask = blocks - 1;
    // The table is a power of two: it holds this many entries at 16 counters each.
    this.capacity = (blocks * BLOCK_WORDS * 8) / COUNTERS_PER_ENTRY;
    this.sampleSize = SAMPLE_FACTOR * this.capacity;
    this.additions = 0;
    this.epoch++;
  }

  /** The estimated recent frequency of the hash, 0 to 15. */
  frequency(hash: number): number {
    const base = this.blockOf(hash);
    const positions = counterPositions(hash);
    let min = MAX_COUNT;
    for (let row = 0; row < 4; row++) {
      const position = positions >>> (row << 3);
      const count =
        (this.table[base + (row << 2) + (position & 3)] >>> (((position >>> 2) & 7) << 2)) & 0xf;
      if (count < min) min = count;
    }
    return min;
  }

  /**
   * Counts `amount` sightings of the hash (a sampled hit stands for several). Conservative: each of
   * the four counters is raised to the new minimum estimate, never beyond it. Returns whether the
   * estimate is now saturated (it stays so until `epoch` changes).
   */
  increment(hash: number, amount = 1): boolean {
    const table = this.table;
    const base = this.blockOf(hash);
    const positions = counterPositions(hash);
    // Row r's counter: word (r * 4 + two bits) of the block, nibble (three bits) of the word.
    const w0 = base + (positions & 3);
    const w1 = base + 4 + ((positions >>> 8) & 3);
    const w2 = base + 8 + ((positions >>> 16) & 3);
    const w3 = base + 12 + ((positions >>> 24) & 3);
    const s0 = ((positions >>> 2) & 7) << 2;
    const s1 = ((positions >>> 10) & 7) << 2;
    const s2 = ((positions >>> 18) & 7) << 2;
    const s3 = ((positions >>> 26) & 7) << 2;
    const c0 = (table[w0] >>> s0) & 0xf;
    const c1 = (table[w1] >>> s1) & 0xf;
    const c2 = (table[w2] >>> s2) & 0xf;
    const c3 = (table[w3] >>> s3) & 0xf;
    let min = c0 < c1 ? c0 : c1;
    if (c2 < min) min = c2;
    if (c3 < min) min = c3;
    if (min === MAX_COUNT) return true;
    const target = min + amount < MAX_COUNT ? min + amount : MAX_COUNT;
    if (c0 < target) table[w0] += (target - c0) << s0;
    if (c1 < target) table[w1] += (target - c1) << s1;
    if (c2 < target) table[w2] += (target - c2) << s2;
    if (c3 < target) table[w3] += (target - c3) << s3;
    this.additions += amount;
    if (this.additions >= this.sampleSize) {
      this.age();
      return false;
    }
    return target === MAX_COUNT;
  }

  private blockOf(hash: number): number {
    let h = Math.imul(hash, 0x9e3779b1);
    h ^= h >>> 16;
    return (h & this.blockMask) * BLOCK_WORDS;
  }

  /** Halves every counter: a shift per word, masking the bit that crossed into the next counter. */
  private age(): void {
    const table = this.table;
    for (let i = 0; i < table.length; i++) {
      table[i] = (table[i] >>> 1) & 0x77777777;
    }
    this.additions >>>= 1;
    this.epoch++;
  }
}

/** A second, independent mix of the hash: five bits per row choose its word and nibble in the block. */
function counterPositions(hash: number): number {
  let h = Math.imul(hash ^ 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function nextPowerOfTwo(value: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, value)));
}
