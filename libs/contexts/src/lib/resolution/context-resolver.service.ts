import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityTarget } from 'typeorm';
import { GLOBAL_ID, type ResolutionLevel } from '../domain/entity-types';
import { EntityNotFoundError } from '../domain/errors';
import type { JsonObject } from '../domain/json';
import { mergeContext } from '../domain/merge-context';
import { CONTEXTS_CONNECTION } from '../contexts.tokens';
import type { ContextRecord } from '../persistence/records/context-record';
import {
  GitBranchRecord,
  GlobalContextRecord,
  ProjectRecord,
  TaskRecord,
} from '../persistence/records/entity-records';
import type { ChainLink, ResolvedContext } from './resolved-context';

interface LevelStep {
  record: EntityTarget<ContextRecord>;
  entityType: string;
  /** The column naming the level above, when there is one below global. */
  parentColumn?: 'projectId' | 'branchId';
  parentLevel?: ResolutionLevel;
}

const STEPS: Record<Exclude<ResolutionLevel, 'global'>, LevelStep> = {
  task: { record: TaskRecord, entityType: 'task', parentColumn: 'branchId', parentLevel: 'branch' },
  branch: {
    record: GitBranchRecord,
    entityType: 'git_branch',
    parentColumn: 'projectId',
    parentLevel: 'project',
  },
  project: { record: ProjectRecord, entityType: 'project' },
};

/**
 * Resolves a level by walking up to global, one query per level (four for a task), and merging
 * down with the rules of DESIGN §1.
 */
@Injectable()
export class ContextResolver {
  constructor(@InjectDataSource(CONTEXTS_CONNECTION) private readonly dataSource: DataSource) {}

  async resolve(level: ResolutionLevel, id: string): Promise<ResolvedContext> {
    if (level === 'global' && id !== GLOBAL_ID) {
      throw new EntityNotFoundError('global', id);
    }
    // Global is needed whatever the level: ask for it while the walk up goes on.
    const global = this.load(GlobalContextRecord, 'global', GLOBAL_ID);
    global.catch(() => undefined);
    const levels: Array<{ link: ChainLink; data: JsonObject }> = [];
    let current: ResolutionLevel = level;
    let currentId = id;
    while (current !== 'global') {
      const step: LevelStep = STEPS[current];
      const record = await this.load(step.record, step.entityType, currentId, step.parentColumn);
      levels.unshift({
        link: { level: current, id: record.id, version: record.version },
        data: record.data,
      });
      if (!step.parentColumn || !step.parentLevel) {
        break;
      }
      currentId = (record as unknown as Record<string, string>)[step.parentColumn];
      current = step.parentLevel;
    }
    const root = await global;
    levels.unshift({
      link: { level: 'global', id: GLOBAL_ID, version: root.version },
      data: root.data,
    });
    let data: JsonObject = {};
    for (const entry of levels) {
      data = mergeContext(data, entry.data);
    }
    return { level, id, data, chain: levels.map((entry) => entry.link) };
  }

  private async load(
    record: EntityTarget<ContextRecord>,
    entityType: string,
    id: string,
    parentColumn?: string,
  ): Promise<ContextRecord> {
    const select: Record<string, boolean> = { id: true, data: true, version: true };
    if (parentColumn) {
      select[parentColumn] = true;
    }
    const found = await this.dataSource.manager.findOne(record, { select, where: { id } });
    if (!found) {
      throw new EntityNotFoundError(entityType, id);
    }
    return found;
  }
}
