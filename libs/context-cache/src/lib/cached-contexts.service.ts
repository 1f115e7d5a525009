import { Inject, Injectable } from '@nestjs/common';
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
import { DEFAULT_DATABASE_TIMEOUTS, isDatabaseUnavailable } from '@strata/database';
import { StrataCache, type CachedValue } from '@strata/tiers';
import { VolatilityService } from '@strata/volatility';
import { CONTEXT_CACHE_OPTIONS, type ContextCacheOptions } from './context-cache.module-definition';
import { contextLevelEntityKey } from './context-level-entity';
import { WriteTimeoutError, withinWriteBound } from './write-bound';

/** The global context is the root of every resolution; it is cached as a context entry. */
const GLOBAL_ENTRY_TYPE = 'context';

/**
 * The source of truth read through the cache. Reads answer with JSON text and where it came from;
 * writes go to the source first and invalidate every key they changed before they return, so a
 * caller never reads back an older value than the one it just wrote (DESIGN §3, invariant 1).
 * Every read and every changed key is recorded for volatility: a read before it is served, so a
 * miss is placed with the score that includes it. No write keeps its caller longer than the
 * write bound: past it, or when the database does not answer, it is refused for now (503).
 */
@Injectable()
export class CachedContexts {
  private readonly writeTimeoutMs: number;

  constructor(
    private readonly cache: StrataCache,
    private readonly store: EntityStore,
    private readonly resolver: ContextResolver,
    private readonly volatility: VolatilityService,
    @Inject(CONTEXT_CACHE_OPTIONS) options: ContextCacheOptions,
  ) {
    this.writeTimeoutMs = (options.databaseTimeouts ?? DEFAULT_DATABASE_TIMEOUTS).writeTimeoutMs;
  }

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
    const target = input.id === undefined ? [] : [entityKey(type, input.id)];
    return this.bounded(target, async () => this.invalidated(await this.store.create(type, input)));
  }

  async patch<T extends EntityType>(
    type: T,
    id: string,
    input: PatchInputByType[T],
  ): Promise<EntityByType[T]> {
    return this.bounded([entityKey(type, id)], async () =>
      this.invalidated(await this.store.patch(type, id, input)),
    );
  }

  async delete(type: EntityType, id: string): Promise<void> {
    await this.bounded([entityKey(type, id)], async () =>
      this.invalidate(await this.store.delete(type, id)),
    );
  }

  async putGlobal(data: JsonObject): Promise<GlobalContext> {
    return this.bounded([GLOBAL_ID], async () =>
      this.invalidated(await this.store.putGlobal(data)),
    );
  }

  /**
   * The write within the write bound. One that timed out or lost the database has an unknown
   * outcome (its COMMIT may have reached the database just before it stopped answering), so the
   * entries of what it aimed at are invalidated anyway: an invalidation too many costs one load.
   */
  private async bounded<T>(target: readonly string[], write: () => Promise<T>): Promise<T> {
    try {
      return await withinWriteBound(write(), this.writeTimeoutMs);
    } catch (error) {
      if (error instanceof WriteTimeoutError || isDatabaseUnavailable(error)) {
        void Promise.all(target.map((key) => this.cache.invalidate(key))).catch(() => undefined);
      }
      throw error;
    }
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
