import { Inject, Injectable } from '@nestjs/common';
import {
  contextKey,
  ENTITY_TYPES,
  isResolutionLevel,
  ContextResolver,
  EntityStore,
  entityKey,
  InvalidationOutbox,
  GLOBAL_ID,
  type CreateInputByType,
  type EntityByType,
  type EntityType,
  type GlobalContext,
  type JsonObject,
  type PatchInputByType,
  type ResolutionLevel,
  type ResolvedContext,
  type WriteChanges,
  type WriteResult,
} from '@strata/contexts';
import { DEFAULT_DATABASE_TIMEOUTS, isDatabaseUnavailable } from '@strata/database';
import { StrataCache, type CachedValue, type LoadRequest } from '@strata/tiers';
import { VolatilityService } from '@strata/volatility';
import { CONTEXT_CACHE_OPTIONS, type ContextCacheOptions } from './context-cache.module-definition';
import { cachedAncestors, offeredAncestors } from './cached-ancestors';
import { contextEntryOptions } from './context-entry';
import type { ContextActivity, ContextActivityListener } from './context-activity';
import { withinWriteBound } from './write-bound';

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
  private readonly listeners: ContextActivityListener[] = [];

  constructor(
    private readonly cache: StrataCache,
    private readonly store: EntityStore,
    private readonly resolver: ContextResolver,
    private readonly volatility: VolatilityService,
    private readonly outbox: InvalidationOutbox,
    @Inject(CONTEXT_CACHE_OPTIONS) options: ContextCacheOptions,
  ) {
    this.writeTimeoutMs = (options.databaseTimeouts ?? DEFAULT_DATABASE_TIMEOUTS).writeTimeoutMs;
  }

  /** `userId`: the end user the caller reads for (`x-user-id`), when it names one. */
  readEntity(type: EntityType, id: string, userId?: string): Promise<CachedValue> {
    return this.read(this.entityRequest(type, id), userId);
  }

  readGlobal(userId?: string): Promise<CachedValue> {
    return this.read(this.globalRequest(), userId);
  }

  resolve(level: ResolutionLevel, id: string, userId?: string): Promise<CachedValue> {
    return this.read(this.contextRequest(level, id), userId);
  }

  /**
   * How the entry under `key` is loaded, exactly as a read of it loads it (warming loads through
   * this); undefined for a key that names no entity or context.
   */
  requestFor(key: string): LoadRequest | undefined {
    if (key === GLOBAL_ID) {
      return this.globalRequest();
    }
    const [head, ...rest] = key.split(':');
    if (head === 'context' && rest.length >= 2 && isResolutionLevel(rest[0])) {
      return this.contextRequest(rest[0], rest.slice(1).join(':'));
    }
    const type = ENTITY_TYPES.find((candidate) => candidate === head);
    return type === undefined || rest.length === 0
      ? undefined
      : this.entityRequest(type, rest.join(':'));
  }

  /** Tells the listener of every read served and every write made from now on (warming's triggers). */
  onActivity(listener: ContextActivityListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) {
        this.listeners.splice(index, 1);
      }
    };
  }

  async create<T extends EntityType>(
    type: T,
    input: CreateInputByType[T],
  ): Promise<EntityByType[T]> {
    const target = input.id === undefined ? [] : [entityKey(type, input.id)];
    return this.bounded(target, async (signal) =>
      this.invalidated(await this.store.create(type, input, signal)),
    );
  }

  async patch<T extends EntityType>(
    type: T,
    id: string,
    input: PatchInputByType[T],
  ): Promise<EntityByType[T]> {
    return this.bounded([entityKey(type, id)], async (signal) =>
      this.invalidated(await this.store.patch(type, id, input, signal)),
    );
  }

  async delete(type: EntityType, id: string): Promise<void> {
    await this.bounded([entityKey(type, id)], async (signal) =>
      this.invalidate(await this.store.delete(type, id, signal)),
    );
  }

  async putGlobal(data: JsonObject): Promise<GlobalContext> {
    return this.bounded([GLOBAL_ID], async (signal) =>
      this.invalidated(await this.store.putGlobal(data, signal)),
    );
  }

  /**
   * The write within the write bound: one still short of its commit when the bound passes is
   * rolled back and refused (WriteTimeoutError: nothing of it happened, it may be retried); one
   * that has begun to commit is answered with its outcome, and its invalidation then runs within
   * the tiers' own call bounds. A write that lost the database may have lost it during its COMMIT,
   * so the entries of what it aimed at are invalidated anyway: an invalidation too many costs one
   * load.
   */
  private async bounded<T>(
    target: readonly string[],
    write: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    try {
      return await withinWriteBound(write, this.writeTimeoutMs);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        void Promise.all(target.map((key) => this.cache.invalidate(key))).catch(() => undefined);
      }
      throw error;
    }
  }

  private async read(request: LoadRequest, userId: string | undefined): Promise<CachedValue> {
    this.volatility.recordAccess(request.key, userId);
    const value = await this.cache.getOrLoad(request.key, request.load, request);
    this.tell({ kind: 'read', key: request.key, json: value.json, userId });
    return value;
  }

  private entityRequest(type: EntityType, id: string): LoadRequest {
    const key = entityKey(type, id);
    return { key, type, dependencies: [key], load: () => this.store.get(type, id) };
  }

  private globalRequest(): LoadRequest {
    return {
      key: GLOBAL_ID,
      type: GLOBAL_ENTRY_TYPE,
      dependencies: [GLOBAL_ID],
      load: () => this.store.getGlobal(),
    };
  }

  /**
   * A resolved context depends on every entity of its chain, known once it is loaded. It is built
   * on its nearest ancestor the shared tiers hold (a task on its branch's context: one query).
   */
  private contextRequest(level: ResolutionLevel, id: string): LoadRequest<ResolvedContext> {
    return {
      key: contextKey(level, id),
      ...contextEntryOptions(level, id),
      load: this.contextLoad(level, id),
    };
  }

  /**
   * Returned rather than written in the request's literal: the bundle keeps function names, and
   * names a function literal under a property key on every call (a defineProperty per read, ~3 µs
   * of a cached read in the bench:e2e profile).
   */
  private contextLoad(level: ResolutionLevel, id: string): LoadRequest<ResolvedContext>['load'] {
    return (basis) =>
      this.resolver.resolve(level, id, cachedAncestors(basis), offeredAncestors(basis));
  }

  private tell(activity: ContextActivity): void {
    for (const listener of this.listeners) {
      listener(activity);
    }
  }

  private async invalidated<T>(result: WriteResult<T>): Promise<T> {
    await this.invalidate(result);
    return result.entity;
  }

  /**
   * Invalidates what the write changed, then settles its outbox row; a row left unsettled (a
   * failure here, a crash before) is replayed by OutboxReplay, so the write still answers. Not
   * settled while a shared tier has an invalidation unconfirmed (this one timed out or found
   * the circuit open): the tier replays it from memory only, which a kill -9 loses.
   */
  private async invalidate({ changedKeys, outboxId }: WriteChanges): Promise<void> {
    for (const key of changedKeys) {
      this.volatility.recordUpdate(key);
    }
    await Promise.all(changedKeys.map((key) => this.cache.invalidate(key)));
    if (outboxId !== undefined && this.cache.pendingInvalidations() === 0) {
      await this.outbox.settle(outboxId).catch(() => undefined);
    }
    // Only now: whatever a listener loads in answer starts after every invalidation finished.
    this.tell({ kind: 'written', keys: changedKeys });
  }
}
