import type { CacheEntry } from '../core/cache-entry';
import type { InvalidationMessage } from '../core/invalidation-bus';
import type { HotTierStore, PersistentTierStore } from '../core/tier-store';

type WithoutOrigin<M> = M extends unknown ? Omit<M, 'origin'> : never;

/** What one invalidation removes: a key, every entry built from a dependency, or a whole type. */
export type InvalidationScope = WithoutOrigin<InvalidationMessage>;

/** The parts of an entry an invalidation can name. */
export type EntryIdentity = Pick<CacheEntry, 'key' | 'type' | 'dependencies'>;

/** A string naming the scope, the same for every invalidation that removes the same entries. */
export function scopeId(scope: InvalidationScope): string {
  switch (scope.kind) {
    case 'key':
      return `key\u0000${scope.key}`;
    case 'dependency':
      return `dependency\u0000${scope.dependency}`;
    case 'type':
      return `type\u0000${scope.type}`;
  }
}

/** Every scope whose invalidation removes the entry (deleteByDependency also removes the key itself). */
export function scopeIdsOf(entry: EntryIdentity): string[] {
  return [
    scopeId({ kind: 'key', key: entry.key }),
    scopeId({ kind: 'type', type: entry.type }),
    scopeId({ kind: 'dependency', dependency: entry.key }),
    ...entry.dependencies.map((dependency) => scopeId({ kind: 'dependency', dependency })),
  ];
}

export function withoutOrigin(message: InvalidationMessage): InvalidationScope {
  switch (message.kind) {
    case 'key':
      return { kind: 'key', key: message.key };
    case 'dependency':
      return { kind: 'dependency', dependency: message.dependency };
    case 'type':
      return { kind: 'type', type: message.type };
  }
}

export function invalidateInHotTier(store: HotTierStore, scope: InvalidationScope): number {
  switch (scope.kind) {
    case 'key':
      return store.delete(scope.key) ? 1 : 0;
    case 'dependency':
      return store.deleteByDependency(scope.dependency);
    case 'type':
      return store.deleteByType(scope.type);
  }
}

export async function invalidateInPersistentTier(
  store: PersistentTierStore,
  scope: InvalidationScope,
): Promise<number> {
  switch (scope.kind) {
    case 'key':
      return (await store.delete(scope.key)) ? 1 : 0;
    case 'dependency':
      return store.deleteByDependency(scope.dependency);
    case 'type':
      return store.deleteByType(scope.type);
  }
}
