import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LessThan, type DataSource, type EntityManager } from 'typeorm';
import { CONTEXTS_CONNECTION } from '../contexts.tokens';
import { InvalidationOutboxRecord } from '../persistence/records/invalidation-outbox-record';

/** A write whose invalidation is not confirmed: its outbox row and the keys it changed. */
export interface UnsettledWrite {
  outboxId: number;
  changedKeys: string[];
}

/**
 * The durable invalidation log. Every write that changes something records its changed keys
 * here in its own transaction (one more statement, counted with the source's), and the writer
 * settles the row once it has invalidated them. A process killed between a commit and its
 * invalidation leaves the row, and another process (or itself, restarted) replays it: the
 * window between a commit and its invalidation cannot lose the invalidation.
 */
@Injectable()
export class InvalidationOutbox {
  constructor(@InjectDataSource(CONTEXTS_CONNECTION) private readonly dataSource: DataSource) {}

  /** Inside the write's transaction; returns the row's id. */
  async record(manager: EntityManager, changedKeys: readonly string[]): Promise<number> {
    const inserted = await manager.insert(InvalidationOutboxRecord, {
      changedKeys: JSON.stringify(changedKeys),
      writtenAt: Date.now(),
    });
    return Number(inserted.identifiers[0]?.['id']);
  }

  async settle(outboxId: number): Promise<void> {
    await this.dataSource.manager.delete(InvalidationOutboxRecord, { id: outboxId });
  }

  /** Rows written before `writtenBefore` (ms since the epoch) and still there, oldest first. */
  async unsettled(writtenBefore: number, limit: number): Promise<UnsettledWrite[]> {
    const records = await this.dataSource.manager.find(InvalidationOutboxRecord, {
      where: { writtenAt: LessThan(writtenBefore) },
      order: { id: 'ASC' },
      take: limit,
    });
    return records.map((record) => ({
      outboxId: record.id,
      changedKeys: JSON.parse(record.changedKeys) as string[],
    }));
  }
}
