/** A typed array of any element type (the columns of a struct-of-arrays store). */
export type TypedColumn = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

/** A copy of the column with room for `capacity` slots; new slots are zero. */
export function grownColumn<T extends TypedColumn>(column: T, capacity: number): T {
  const grown = new (column.constructor as new (length: number) => T)(capacity);
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
