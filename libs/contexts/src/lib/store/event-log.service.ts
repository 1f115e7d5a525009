import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LessThan, type DataSource } from 'typeorm';
import { CONTEXTS_CONNECTION } from '../contexts.tokens';
import { ContextEventRecord } from '../persistence/records/entity-records';

export type ContextEventKind = 'login' | 'checkout';

export interface ContextEvent {
  kind: ContextEventKind;
  /** The user who logged in, or the branch checked out. */
  subjectId: string;
  /** The end user the event is for, when known. */
  userId: string | null;
  occurredAt: string;
}

/** Records the login and checkout events that drive warming. */
@Injectable()
export class EventLog {
  constructor(@InjectDataSource(CONTEXTS_CONNECTION) private readonly dataSource: DataSource) {}

  async record(
    kind: ContextEventKind,
    subjectId: string,
    userId: string | null,
  ): Promise<ContextEvent> {
    const occurredAt = Date.now();
    await this.dataSource.manager.insert(ContextEventRecord, {
      kind,
      subjectId,
      userId,
      occurredAt,
    });
    return { kind, subjectId, userId, occurredAt: new Date(occurredAt).toISOString() };
  }

  async recent(sinceMs: number): Promise<ContextEvent[]> {
    const records = await this.dataSource.manager
      .createQueryBuilder(ContextEventRecord, 'event')
      .where('event.occurred_at >= :since', { since: sinceMs })
      .orderBy('event.id', 'ASC')
      .getMany();
    return records.map((record) => ({
      kind: record.kind as ContextEventKind,
      subjectId: record.subjectId,
      userId: record.userId,
      occurredAt: new Date(record.occurredAt).toISOString(),
    }));
  }

  /** Deletes events older than the cut-off; returns how many. */
  async pruneBefore(cutoffMs: number): Promise<number> {
    const result = await this.dataSource.manager.delete(ContextEventRecord, {
      occurredAt: LessThan(cutoffMs),
    });
    return result.affected ?? 0;
  }
}
