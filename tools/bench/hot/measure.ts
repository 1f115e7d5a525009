import { median } from '../report/statistics';
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

/**
 * Operations per second of one timed run, by the process's CPU time (user and system): on a
 * machine shared with other work, wall time also counts the time the scheduler gave to others.
 */
export function opsPerSecond(operations: number, run: () => void): number {
  const started = process.cpuUsage();
  run();
  const { user, system } = process.cpuUsage(started);
  return operations / ((user + system) / 1e6);
}

/** The V8 heap and the ArrayBuffers outside it, where typed-array columns live (both caches have some). */
function memoryUsed(gc: () => void): number {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/**
 * Holds the cache being measured: a reference the optimiser cannot prove dead, so the collector
 * cannot free the cache before its bytes are counted.
 */
export const measured: { cache?: unknown } = {};

/** Fills measured per cache: the median sheds what the collector happened to leave behind. */
const HEAP_SAMPLES = 5;

/** Heap bytes per entry the cache adds when filled (the entries themselves exist beforehand); median of several fills. */
export function heapBytesPerEntry(fill: () => unknown, entries: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return Number.NaN;
  const samples: number[] = [];
  for (let sample = 0; sample < HEAP_SAMPLES; sample++) {
    measured.cache = undefined;
    const before = memoryUsed(gc);
    measured.cache = fill();
    samples.push((memoryUsed(gc) - before) / entries);
  }
  measured.cache = undefined;
  return median(samples);
}
