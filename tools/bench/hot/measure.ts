import type { Contender } from './contenders';

/**
 * Loops compiled separately per contender (`new Function` gives each its own feedback vector), so
 * that one contender's call sites never turn another's megamorphic and the comparison stays fair.
 */
type GetLoop = (cache: Contender, keys: readonly string[]) => number;
type SetLoop = (cache: Contender, entries: readonly unknown[]) => void;

export function newGetLoop(): GetLoop {
  return new Function(
    'cache',
    'keys',
    'let found = 0; for (let i = 0; i < keys.length; i++) { if (cache.get(keys[i]) !== undefined) found++; } return found;',
  ) as GetLoop;
}

export function newSetLoop(): SetLoop {
  return new Function(
    'cache',
    'entries',
    'for (let i = 0; i < entries.length; i++) cache.set(entries[i]);',
  ) as SetLoop;
}

/** Operations per second of one timed run. */
export function opsPerSecond(operations: number, run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return operations / seconds;
}

/** The V8 heap and the ArrayBuffers outside it, where typed-array columns live (both caches have some). */
function memoryUsed(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Heap bytes per entry the cache adds when filled (the entries themselves exist beforehand). */
export function heapBytesPerEntry(fill: () => unknown, entries: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return Number.NaN;
  gc();
  gc();
  const before = memoryUsed();
  const cache = fill();
  gc();
  gc();
  const bytes = memoryUsed() - before;
  // Keeps the filled cache reachable until after the measurement.
  return cache === undefined ? Number.NaN : bytes / entries;
}
