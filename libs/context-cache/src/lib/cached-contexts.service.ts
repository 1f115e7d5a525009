import { Injectable } from '@nestjs/common';
import {
  chainDependencies,
  contextKey,
  ContextResolver,
  EntityStore,
  entityKey,
  GLOBAL_ID,
  type CreateInputByType,
  type EntityByType,
  type EntityType,
  type GlobalContext,
  type JsonObject,
  type PatchInputByType,
  type ResolutionLevel,
  type ResolvedContext,
  type WriteResult,
} from '@strata/contexts';
import { StrataCache, type CachedValue } from '@strata/tiers';
import { VolatilityService } from '@strata/volatility';
import { contextLevelEntityKey } from './context-level-entity';

/** The global context is the root of every resolution; it is cached as a context entry. */
const GLOBAL_ENTRY_TYPE = 'context';

/**
 * The source of truth read through the cache. Reads answer with JSON text and where it came from;
 * writes go to the source first and invalidate every key they changed before they return, so a
 * caller never reads back an older value than the one it just wrote (DESIGN §3, invariant 1).
 * Every read and every changed key is recorded for volatility: a read before it is served, so a
 * miss is placed with the score that includes it.
 */
@Injectable()
export class CachedContexts {
  constructor(
    private readonly cache: StrataCache,
    private readonly store: EntityStore,
    private readonly resolver: ContextResolver,
    private readonly volatility: VolatilityService,
  ) {}

  /** `userId`: the end user the caller reads for (`x-user-id`), when it names one. */
  readEntity(type: EntityType, id: string, userId?: string): Promise<CachedValue> {
    const key = entityKey(type, id);
    this.volatility.recordAccess(key, userId);
    return this.cache.getOrLoad(key, () => this.store.get(type, id), { type, dependencies: [key] });
  }

  readGlobal(userId?: string): Promise<CachedValue> {
    this.volatility.recordAccess(GLOBAL_ID, userId);
    return this.cache.getOrLoad(GLOBAL_ID, () => this.store.getGlobal(), {
      type: GLOBAL_ENTRY_TYPE,
      dependencies: [GLOBAL_ID],
    });
  }

  /** A resolved context depends on every entity of its chain, known once it is loaded. */
  resolve(level: ResolutionLevel, id: string, userId?: string): Promise<CachedValue> {
    const key = contextKey(level, id);
    this.volatility.recordAccess(key, userId);
    return this.cache.getOrLoad<ResolvedContext>(key, () => this.resolver.resolve(level, id), {
      type: 'context',
      dependencies: [contextLevelEntityKey(level, id), GLOBAL_ID],
      dependenciesOf: (resolved) => chainDependencies(resolved.chain),
    });
  }

  async create<T extends EntityType>(
    type: T,
    input: CreateInputByType[T],
  ): Promise<EntityByType[T]> {
    return this.invalidated(await this.store.create(type, input));
  }

  async patch<T extends EntityType>(
    type: T,
    id: string,
    input: PatchInputByType[T],
  ): Promise<EntityByType[T]> {
    return this.invalidated(await this.store.patch(type, id, input));
  }

  async delete(type: EntityType, id: string): Promise<void> {
    await this.invalidate(await this.store.delete(type, id));
  }

  async putGlobal(data: JsonObject): Promise<GlobalContext> {
    return this.invalidated(await this.store.putGlobal(data));
  }

  private async invalidated<T>(result: WriteResult<T>): Promise<T> {
    await this.invalidate(result.changedKeys);
    return result.entity;
  }

  private async invalidate(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.volatility.recordUpdate(key);
    }
    await Promise.all(keys.map((key) => this.cache.invalidate(key)));
  }
}
