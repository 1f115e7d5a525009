import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, MoreThanOrEqual, type DataSource } from 'typeorm';
import { CONTEXTS_CONNECTION } from '../contexts.tokens';
import {
  GitBranchRecord,
  ProjectMemberRecord,
  ProjectRecord,
  UserRecord,
  TaskAssigneeRecord,
  TaskRecord,
} from '../persistence/records/entity-records';

/**
 * How entities relate, for warming (DESIGN §6): one indexed statement per question, each counted
 * by the source's statement counter like every other.
 */
@Injectable()
export class EntityRelations {
  constructor(@InjectDataSource(CONTEXTS_CONNECTION) private readonly dataSource: DataSource) {}

  async projectIds(): Promise<string[]> {
    const rows = await this.dataSource.manager.find(ProjectRecord, { select: { id: true } });
    return rows.map((row) => row.id);
  }

  async userIds(): Promise<string[]> {
    const rows = await this.dataSource.manager.find(UserRecord, { select: { id: true } });
    return rows.map((row) => row.id);
  }

  /** Tasks written since `since` (ms), most recent first. */
  async tasksUpdatedSince(since: number, limit: number): Promise<string[]> {
    const rows = await this.dataSource.manager.find(TaskRecord, {
      select: { id: true },
      where: { updatedAt: MoreThanOrEqual(since) },
      order: { updatedAt: 'DESC' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  async branchesOf(projectId: string): Promise<string[]> {
    const rows = await this.dataSource.manager.find(GitBranchRecord, {
      select: { id: true },
      where: { projectId },
    });
    return rows.map((row) => row.id);
  }

  async projectOfBranch(branchId: string): Promise<string | undefined> {
    const row = await this.dataSource.manager.findOne(GitBranchRecord, {
      select: { projectId: true },
      where: { id: branchId },
    });
    return row?.projectId;
  }

  async membersOf(projectId: string): Promise<string[]> {
    const rows = await this.dataSource.manager.find(ProjectMemberRecord, { where: { projectId } });
    return rows.map((row) => row.userId);
  }

  async projectsOf(userId: string): Promise<string[]> {
    const rows = await this.dataSource.manager.find(ProjectMemberRecord, { where: { userId } });
    return rows.map((row) => row.projectId);
  }

  async tasksAssignedTo(userId: string, limit: number): Promise<string[]> {
    const rows = await this.dataSource.manager.find(TaskAssigneeRecord, {
      where: { userId },
      take: limit,
    });
    return rows.map((row) => row.taskId);
  }

  /** The tasks of the branches updated last, newest first. */
  async recentTasksOf(branchIds: readonly string[], limit: number): Promise<string[]> {
    if (branchIds.length === 0) {
      return [];
    }
    const rows = await this.dataSource.manager.find(TaskRecord, {
      select: { id: true },
      where: { branchId: In([...branchIds]) },
      order: { updatedAt: 'DESC' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }
}
