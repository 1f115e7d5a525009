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
 * An already resolved context of `level`/`id` to build on, when one is at hand (a cache of
 * resolved contexts); undefined sends the walk on up to the source.
 */
export type ResolvedAncestor = (
  level: ResolutionLevel,
  id: string,
) => Promise<ResolvedContext | undefined>;

/**
 * Told of each context between the one asked for and global that the walk resolved from the
 * source on its way, because no resolved ancestor was at hand for it: a cache keeps it for the
 * next resolution below it to build on.
 */
export type WalkedPastAncestor = (context: ResolvedContext) => void;

interface ResolvedLevel {
  link: ChainLink;
  data: JsonObject;
}

/**
 * Resolves a level by walking up to global, one query per level (four for a task), and merging
 * down with the rules of DESIGN §1. Given a resolved ancestor, the walk stops at the first level
 * whose parent it has: a task whose branch is at hand costs one query. Merging the levels below
 * onto the ancestor's data is the same fold as merging from global, so the result is the same.
 */
@Injectable()
export class ContextResolver {
  constructor(@InjectDataSource(CONTEXTS_CONNECTION) private readonly dataSource: DataSource) {}

  async resolve(
    level: ResolutionLevel,
    id: string,
    ancestor?: ResolvedAncestor,
    walkedPast?: WalkedPastAncestor,
  ): Promise<ResolvedContext> {
    if (level === 'global' && id !== GLOBAL_ID) {
      throw new EntityNotFoundError('global', id);
    }
    // Without an ancestor to look for, global is needed whatever the level: ask for it while the
    // walk up goes on. With one, only once no ancestor is at hand, not even global's: a query
    // asked for ahead would be spent whenever one is.
    let global: Promise<ContextRecord> | undefined;
    const loadGlobal = () => {
      global ??= this.load(GlobalContextRecord, 'global', GLOBAL_ID);
      global.catch(() => undefined);
      return global;
    };
    if (ancestor === undefined) {
      loadGlobal();
    }
    const levels: ResolvedLevel[] = [];
    let current: ResolutionLevel = level;
    let currentId = id;
    while (current !== 'global') {
      const step: LevelStep = STEPS[current];
      const record = await this.load(step.record, step.entityType, currentId, step.parentColumn);
      levels.unshift({
        link: { level: current, id: record.id, version: record.version },
        data: record.data,
      });
      const parentLevel = step.parentLevel ?? 'global';
      const parentId = step.parentColumn
        ? (record as unknown as Record<string, string>)[step.parentColumn]
        : GLOBAL_ID;
      const found = await ancestor?.(parentLevel, parentId);
      if (found !== undefined && found.level === parentLevel && found.id === parentId) {
        return mergedOnto(found, levels, level, id, walkedPast);
      }
      current = parentLevel;
      currentId = parentId;
    }
    const root = await loadGlobal();
    const top: ResolvedLevel = {
      link: { level: 'global', id: GLOBAL_ID, version: root.version },
      data: root.data,
    };
    return mergedOnto(
      { level: 'global', id: GLOBAL_ID, data: {}, chain: [] },
      [top, ...levels],
      level,
      id,
      walkedPast,
    );
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

/**
 * The levels below `base`, from the top down, merged onto it: the context of `level`/`id`. Each
 * level merged on the way below global is the resolved context of that level, told to
 * `walkedPast`.
 */
function mergedOnto(
  base: ResolvedContext,
  levels: readonly ResolvedLevel[],
  level: ResolutionLevel,
  id: string,
  walkedPast?: WalkedPastAncestor,
): ResolvedContext {
  let data = base.data;
  const chain = [...base.chain];
  for (const [index, entry] of levels.entries()) {
    data = mergeContext(data, entry.data);
    chain.push(entry.link);
    if (walkedPast !== undefined && index < levels.length - 1 && entry.link.level !== 'global') {
      walkedPast({ level: entry.link.level, id: entry.link.id, data, chain: [...chain] });
    }
  }
  return { level, id, data, chain };
}
