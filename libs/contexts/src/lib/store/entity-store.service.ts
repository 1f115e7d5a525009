import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  In,
  type DataSource,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
} from 'typeorm';
import type {
  AnyEntity,
  CreateInputByType,
  EntityByType,
  GlobalContext,
  PatchInputByType,
  WriteChanges,
  WriteResult,
} from '../domain/context-entities';
import { entityKey, GLOBAL_ID, type EntityType } from '../domain/entity-types';
import { EntityConflictError, EntityNotFoundError, UnknownReferenceError } from '../domain/errors';
import type { JsonObject } from '../domain/json';
import { mergeContext } from '../domain/merge-context';
import { CONTEXTS_CONNECTION } from '../contexts.tokens';
import type { ContextRecord } from '../persistence/records/context-record';
import { GlobalContextRecord } from '../persistence/records/entity-records';
import { ENTITY_DEFINITIONS, type EntityDefinition } from './entity-definitions';
import { isForeignKeyViolation, isUniqueViolation } from './constraint-violations';
import { InvalidationOutbox } from './invalidation-outbox.service';
import { WriteSerializer } from './write-serializer';

type RecordFields = Record<string, unknown>;

/** Creates, reads, changes and deletes the source of truth's entities, one transaction per write. */
@Injectable()
export class EntityStore {
  private readonly writes: WriteSerializer;

  constructor(
    @InjectDataSource(CONTEXTS_CONNECTION) private readonly dataSource: DataSource,
    private readonly outbox: InvalidationOutbox,
  ) {
    this.writes = new WriteSerializer(dataSource);
  }

  async get<T extends EntityType>(type: T, id: string): Promise<EntityByType[T]> {
    const definition = ENTITY_DEFINITIONS[type];
    const record = await this.dataSource.manager.findOneBy(definition.record, { id });
    if (!record) {
      throw new EntityNotFoundError(type, id);
    }
    const linked = await this.linkedIds(this.dataSource.manager, definition, id);
    return toEntity(definition, record, linked) as EntityByType[T];
  }

  async exists(type: EntityType, id: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(ENTITY_DEFINITIONS[type].record, { id });
  }

  async create<T extends EntityType>(
    type: T,
    input: CreateInputByType[T],
    signal?: AbortSignal,
  ): Promise<WriteResult<EntityByType[T]>> {
    const definition = ENTITY_DEFINITIONS[type];
    const id = input.id ?? randomUUID();
    const fields = input as unknown as RecordFields;
    try {
      return await this.transaction(async (manager) => {
        if (await manager.existsBy(definition.record, { id })) {
          throw new EntityConflictError(`${type} '${id}' already exists`);
        }
        await this.checkParent(manager, definition, fields);
        const linked = await this.checkLinked(manager, definition, fields);
        const record = manager.create(definition.record, {
          ...pick(fields, definition.fields),
          id,
          data: input.data,
          version: 1,
          updatedAt: Date.now(),
        });
        await insertRows(manager, definition.record, record);
        await this.replaceLinks(manager, definition, id, linked);
        return this.recorded(manager, {
          entity: toEntity(definition, record, linked ?? []) as EntityByType[T],
          changedKeys: [entityKey(type, id)],
        });
      }, signal);
    } catch (error) {
      // Two creates of one id racing on PostgreSQL: the loser hits the primary key.
      if (isUniqueViolation(error)) {
        throw new EntityConflictError(`${type} '${id}' already exists`);
      }
      throw error;
    }
  }

  async patch<T extends EntityType>(
    type: T,
    id: string,
    input: PatchInputByType[T],
    signal?: AbortSignal,
  ): Promise<WriteResult<EntityByType[T]>> {
    const definition = ENTITY_DEFINITIONS[type];
    const fields = input as unknown as RecordFields;
    return this.transaction(async (manager) => {
      // The row lock makes concurrent PATCHes of one entity merge one after the other instead
      // of losing each other's keys.
      const current = await manager.findOne(definition.record, {
        where: { id },
        ...this.lock('pessimistic_write'),
      });
      if (!current) {
        throw new EntityNotFoundError(type, id);
      }
      const linked = await this.checkLinked(manager, definition, fields);
      const stored = {
        ...pick(fields, definition.fields),
        data: fields['data']
          ? mergeContext(current.data, fields['data'] as JsonObject)
          : current.data,
      };
      const currentLinks = definition.link
        ? await this.linkedIds(manager, definition, id)
        : undefined;
      if (changesNothing(current, stored, linked, currentLinks)) {
        // A write that changes nothing is not a write: no new version, nothing to invalidate.
        return {
          entity: toEntity(definition, current, currentLinks ?? []) as EntityByType[T],
          changedKeys: [],
        };
      }
      const changes = { ...stored, version: current.version + 1, updatedAt: Date.now() };
      await manager.update(definition.record as EntityTarget<ObjectLiteral>, { id }, changes);
      await this.replaceLinks(manager, definition, id, linked);
      const record = Object.assign(current, changes);
      return this.recorded(manager, {
        entity: toEntity(definition, record, linked ?? currentLinks ?? []) as EntityByType[T],
        changedKeys: [entityKey(type, id)],
      });
    }, signal);
  }

  /** Deletes the entity; returns every entity key whose stored form changed (links of others included). */
  async delete(type: EntityType, id: string, signal?: AbortSignal): Promise<WriteChanges> {
    const definition = ENTITY_DEFINITIONS[type];
    return this.transaction(async (manager) => {
      // Locked before its children are counted, so no child can be added in between.
      const current = await manager.findOne(definition.record, {
        select: { id: true },
        where: { id },
        ...this.lock('pessimistic_write'),
      });
      if (!current) {
        throw new EntityNotFoundError(type, id);
      }
      if (definition.children) {
        const { type: childType, field } = definition.children;
        const children = await manager.countBy(ENTITY_DEFINITIONS[childType].record, {
          [field]: id,
        });
        if (children > 0) {
          throw new EntityConflictError(
            `${type} '${id}' still has ${children} ${childType} entities; delete them first`,
          );
        }
      }
      const changedKeys = [entityKey(type, id)];
      if (definition.linkedFrom) {
        const { link, ownerType } = definition.linkedFrom;
        const rows = await manager.find(link.record, { where: { [link.otherColumn]: id } });
        const owners = [...new Set(rows.map((row) => row[link.ownColumn] as string))];
        await manager.delete(link.record, { [link.otherColumn]: id });
        if (owners.length > 0) {
          // Their link lists lose this id: a change of their stored form, so a new version each.
          await manager
            .createQueryBuilder()
            .update(ENTITY_DEFINITIONS[ownerType].record)
            .set({ version: () => 'version + 1', updatedAt: Date.now() })
            .where({ id: In(owners) })
            .execute();
        }
        changedKeys.push(...owners.map((owner) => entityKey(ownerType, owner)));
      }
      if (definition.link) {
        await manager.delete(definition.link.record, { [definition.link.ownColumn]: id });
      }
      await manager.delete(definition.record, { id });
      return this.recorded(manager, { changedKeys });
    }, signal);
  }

  async getGlobal(): Promise<GlobalContext> {
    const record = await this.dataSource.manager.findOneByOrFail(GlobalContextRecord, {
      id: GLOBAL_ID,
    });
    return toGlobal(record);
  }

  /** Replaces the global context's data. */
  async putGlobal(data: JsonObject, signal?: AbortSignal): Promise<WriteResult<GlobalContext>> {
    return this.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .update(GlobalContextRecord)
        .set({ data, version: () => 'version + 1', updatedAt: Date.now() })
        .where('id = :id', { id: GLOBAL_ID })
        .execute();
      const record = await manager.findOneByOrFail(GlobalContextRecord, { id: GLOBAL_ID });
      return this.recorded(manager, { entity: toGlobal(record), changedKeys: [GLOBAL_ID] });
    }, signal);
  }

  /**
   * Inserts many entities of one type in one transaction, for bulk loads such as the demo data.
   * References are trusted: the database's foreign keys still refuse unknown parents.
   */
  async insertMany<T extends EntityType>(
    type: T,
    inputs: ReadonlyArray<CreateInputByType[T] & { id: string }>,
  ): Promise<void> {
    const definition = ENTITY_DEFINITIONS[type];
    const now = Date.now();
    await this.transaction(async (manager) => {
      for (const batch of chunks(inputs, 200)) {
        const records = batch.map((input) => ({
          ...pick(input as unknown as RecordFields, definition.fields),
          id: input.id,
          data: input.data,
          version: 1,
          updatedAt: now,
        }));
        await insertRows(manager, definition.record, records);
        if (definition.link) {
          const link = definition.link;
          const rows = batch.flatMap((input) =>
            (((input as unknown as RecordFields)[link.field] as string[] | undefined) ?? []).map(
              (other) => ({ [link.ownColumn]: input.id, [link.otherColumn]: other }),
            ),
          );
          for (const rowBatch of chunks(rows, 400)) {
            await manager.insert(link.record, rowBatch);
          }
        }
      }
    });
  }

  async count(type: EntityType): Promise<number> {
    return this.dataSource.manager.count(ENTITY_DEFINITIONS[type].record);
  }

  /** The write's changes, with the outbox row that records them in its transaction. */
  private async recorded<W extends WriteChanges>(manager: EntityManager, changes: W): Promise<W> {
    if (changes.changedKeys.length === 0) {
      return changes;
    }
    return { ...changes, outboxId: await this.outbox.record(manager, changes.changedKeys) };
  }

  /**
   * Row locks on PostgreSQL, where writes run side by side; SQLite runs write transactions one
   * at a time already (and has no row locks).
   */
  private lock(mode: 'pessimistic_read' | 'pessimistic_write'): { lock?: { mode: typeof mode } } {
    return this.writes.serial ? {} : { lock: { mode } };
  }

  /**
   * A write transaction; a foreign key that still fails (a race the locks did not cover) is a
   * conflict, not a fault. A write whose `signal` is aborted before its commit (before its turn,
   * or while its statements ran) is rolled back and rejects with the signal's reason: nothing of
   * it happened. Once it has passed the last check, COMMIT is sent and the write runs to its end.
   */
  private async transaction<T>(
    work: (manager: EntityManager) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    try {
      return await this.writes.run(async (manager) => {
        signal?.throwIfAborted();
        const result = await work(manager);
        // The last moment the write can still not happen: TypeORM commits as soon as this returns.
        signal?.throwIfAborted();
        return result;
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new EntityConflictError(
          'an entity this write refers to changed meanwhile; try again',
        );
      }
      throw error;
    }
  }

  private async checkParent(
    manager: EntityManager,
    definition: EntityDefinition,
    fields: RecordFields,
  ): Promise<void> {
    if (!definition.parent) {
      return;
    }
    const { field, type } = definition.parent;
    const parentId = fields[field] as string;
    // A shared lock keeps the parent from being deleted before this write commits.
    const parent = await manager.findOne(ENTITY_DEFINITIONS[type].record, {
      select: { id: true },
      where: { id: parentId },
      ...this.lock('pessimistic_read'),
    });
    if (!parent) {
      throw new UnknownReferenceError(field, type, [parentId]);
    }
  }

  /** The de-duplicated, sorted ids the input links to, once every one of them is known to exist. */
  private async checkLinked(
    manager: EntityManager,
    definition: EntityDefinition,
    fields: RecordFields,
  ): Promise<string[] | undefined> {
    const link = definition.link;
    const requested = link ? (fields[link.field] as string[] | undefined) : undefined;
    if (!link || requested === undefined) {
      return undefined;
    }
    const ids = [...new Set(requested)].sort();
    if (ids.length === 0) {
      return ids;
    }
    const found = await manager.find(ENTITY_DEFINITIONS[link.otherType].record, {
      select: { id: true },
      where: { id: In(ids) },
      ...this.lock('pessimistic_read'),
    });
    const known = new Set(found.map((record) => record.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new UnknownReferenceError(link.field, link.otherType, unknown);
    }
    return ids;
  }

  private async replaceLinks(
    manager: EntityManager,
    definition: EntityDefinition,
    id: string,
    linked: string[] | undefined,
  ): Promise<void> {
    const link = definition.link;
    if (!link || linked === undefined) {
      return;
    }
    await manager.delete(link.record, { [link.ownColumn]: id });
    if (linked.length > 0) {
      await manager.insert(
        link.record,
        linked.map((other) => ({ [link.ownColumn]: id, [link.otherColumn]: other })),
      );
    }
  }

  private async linkedIds(
    manager: EntityManager,
    definition: EntityDefinition,
    id: string,
  ): Promise<string[]> {
    const link = definition.link;
    if (!link) {
      return [];
    }
    const rows: ObjectLiteral[] = await manager.find(link.record, {
      where: { [link.ownColumn]: id },
      order: { [link.otherColumn]: 'ASC' },
    });
    return rows.map((row) => row[link.otherColumn] as string);
  }
}

/** Whether a patch would store exactly what is stored already: same fields, data and links. */
function changesNothing(
  current: ContextRecord,
  stored: RecordFields,
  linked: readonly string[] | undefined,
  currentLinks: readonly string[] | undefined,
): boolean {
  const record = current as unknown as RecordFields;
  return (
    Object.entries(stored).every(([field, value]) => isDeepStrictEqual(record[field], value)) &&
    (linked === undefined || isDeepStrictEqual(linked, [...(currentLinks ?? [])].sort()))
  );
}

function toEntity(
  definition: EntityDefinition,
  record: ContextRecord,
  linked: string[],
): AnyEntity {
  const fields = pick(record as unknown as RecordFields, definition.fields);
  return {
    id: record.id,
    ...fields,
    ...(definition.link ? { [definition.link.field]: linked } : {}),
    data: record.data,
    version: record.version,
    updatedAt: new Date(record.updatedAt).toISOString(),
  } as unknown as AnyEntity;
}

function toGlobal(record: ContextRecord): GlobalContext {
  return {
    id: GLOBAL_ID,
    data: record.data,
    version: record.version,
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

// TypeORM's deep-partial insert type recurses without end through JSON-typed columns.
function insertRows(
  manager: EntityManager,
  target: EntityTarget<ContextRecord>,
  rows: ObjectLiteral | ObjectLiteral[],
): Promise<unknown> {
  return manager.insert(target as EntityTarget<ObjectLiteral>, rows);
}

function pick(source: RecordFields, keys: readonly string[]): RecordFields {
  const picked: RecordFields = {};
  for (const key of keys) {
    if (source[key] !== undefined) {
      picked[key] = source[key];
    }
  }
  return picked;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) {
    yield items.slice(start, start + size);
  }
}
