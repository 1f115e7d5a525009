import type { CacheEntry } from '../core/cache-entry';
import type { InvalidationMessage } from '../core/invalidation-bus';
import type { HotTierStore } from '../core/tier-store';
import { scopesOfEntry, targetScope } from '../persistent/tombstone-scopes';

type WithoutOrigin<M> = M extends unknown ? Omit<M, 'origin'> : never;

/** What one invalidation removes: a key, every entry built from a dependency, or a whole type. */
export type InvalidationScope = WithoutOrigin<InvalidationMessage>;

/** The parts of an entry an invalidation can name. */
export type EntryIdentity = Pick<CacheEntry, 'key' | 'type' | 'dependencies'>;

/** A string naming the scope, the same for every invalidation that removes the same entries. */
export const scopeId: (scope: InvalidationScope) => string = targetScope;

/** Every scope whose invalidation removes the entry (deleteByDependency also removes the key itself). */
export const scopeIdsOf: (entry: EntryIdentity) => string[] = scopesOfEntry;

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
