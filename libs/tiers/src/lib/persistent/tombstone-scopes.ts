import type { CacheEntry } from '../core/cache-entry';
import type { InvalidationTarget } from '../core/tier-store';

/**
 * The string a tombstone is recorded under: the same for every invalidation that removes the
 * same entries, in every store. The kind comes first, so no two scopes share a string whatever
 * the names contain (and no NUL: PostgreSQL text cannot hold one).
 */
export function targetScope(target: InvalidationTarget): string {
  switch (target.kind) {
    case 'key':
      return `key:${target.key}`;
    case 'dependency':
      return `dependency:${target.dependency}`;
    case 'type':
      return `type:${target.type}`;
  }
}

/**
 * Every scope whose invalidation removes the entry: its key, its type, and its key and each of
 * its dependencies as a dependency (deleting by dependency also removes the entry keyed by it).
 */
export function scopesOfEntry(entry: Pick<CacheEntry, 'key' | 'type' | 'dependencies'>): string[] {
  return [
    targetScope({ kind: 'key', key: entry.key }),
    targetScope({ kind: 'type', type: entry.type }),
    targetScope({ kind: 'dependency', dependency: entry.key }),
    ...entry.dependencies.map((dependency) => targetScope({ kind: 'dependency', dependency })),
  ];
}

/** How long tombstones are kept by default: longer than any hot-tier TTL (DESIGN §3: 300 s), so an entry demoted from hot while fresh still carries a stamp the store can judge. */
export const DEFAULT_TOMBSTONE_RETENTION_MS = 15 * 60_000;
