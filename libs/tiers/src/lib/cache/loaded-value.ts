import type { EntryOptions } from './strata-cache';
import { toJsonText } from './to-json-text';

/**
 * A loaded value as it is stored: its JSON text, every dependency (those read off it included),
 * and the lifetime its caller chose.
 */
export interface Loaded {
  json: string;
  dependencies: readonly string[];
  /** The source statements the load ran, when a meter measured them. */
  loadCost?: number;
  /** The lifetime its caller chose, in milliseconds. */
  ttlMs?: number;
}

/** The value's JSON text, its dependencies and the lifetime its caller chose for it. */
export function loadedValue<T>(key: string, value: T, options: EntryOptions<T>): Loaded {
  const json = toJsonText(key, value);
  const dependencies = dependenciesOf(options, value);
  const ttlMs = options.ttlMsOf?.(value);
  return ttlMs !== undefined && Number.isFinite(ttlMs) && ttlMs > 0
    ? { json, dependencies, ttlMs }
    : { json, dependencies };
}

function dependenciesOf<T>(options: EntryOptions<T>, value: T): readonly string[] {
  const found = options.dependenciesOf?.(value) ?? [];
  return found.length === 0
    ? [...options.dependencies]
    : [...new Set([...options.dependencies, ...found])];
}
