/** A typed array of any element type (the columns of a struct-of-arrays store). */
export type TypedColumn = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

/** A copy of the column with room for `capacity` slots; new slots are zero. */
export function grownColumn<T extends TypedColumn>(column: T, capacity: number): T {
  const grown = new (column.constructor as new (length: number) => T)(capacity);
  grown.set(column);
  return grown;
}

/** A column of links (slot numbers or list indices): 16 bits while they fit, as lru-cache sizes its own. */
export type LinkColumn = Uint16Array | Uint32Array;

/** The largest length whose links (values up to the length itself) a Uint16Array column holds. */
const NARROW_LINKS = 0xffff;

/**
 * A copy of the link column with room for `length` links, each at most `length`: 16 bits wide
 * while that fits, else 32 (the links carry over unchanged, so widening needs no translation).
 * Half the bytes of an Int32Array for the stores of up to 65,535 slots that most are.
 */
export function grownLinkColumn(column: LinkColumn, length: number): LinkColumn {
  const grown = length <= NARROW_LINKS ? new Uint16Array(length) : new Uint32Array(length);
  grown.set(column);
  return grown;
}

/**
 * Slots to grow to when `needed` no longer fit: a quarter more, so that growth costs O(1) copies
 * per slot amortised (four) while leaving at most a fifth of the columns idle (a tenth on average).
 */
export function nextCapacity(current: number, needed: number): number {
  return Math.max(needed, Math.ceil(current * 1.25), 64);
}
