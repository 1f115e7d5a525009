import type { CachedContexts } from '@strata/context-cache';
import { contextKey, entityKey, GLOBAL_ID, type EntityType } from '@strata/contexts';
import type { ReadKind } from './simulated-event';
import type { ServedRead } from './stale-read-checker';

/** The label a read is counted under: the entity type, or `context:<level>`, or `global`. */
export type ReadLabel =
  EntityType | 'global' | 'context:task' | 'context:branch' | 'context:project';

export interface LabelledRead extends ServedRead {
  label: ReadLabel;
  /** Source statements the load behind the answer ran, when the cache measured them. */
  loadCost?: number;
}

/**
 * What one request reads through the cache, for `userId` (the api's `x-user-id`); a checkout reads
 * the branch, then resolves it (its event is recorded apart, see PlatformEvents).
 */
export async function performRead(
  cached: CachedContexts,
  read: ReadKind,
  id: string,
  userId: string,
): Promise<LabelledRead[]> {
  switch (read) {
    case 'resolveTask':
      return [await resolved(cached, 'task', id, userId)];
    case 'resolveBranch':
      return [await resolved(cached, 'branch', id, userId)];
    case 'resolveProject':
      return [await resolved(cached, 'project', id, userId)];
    case 'checkout':
      return [
        await entity(cached, 'git_branch', id, userId),
        await resolved(cached, 'branch', id, userId),
      ];
    case 'readTask':
      return [await entity(cached, 'task', id, userId)];
    case 'readProject':
      return [await entity(cached, 'project', id, userId)];
    case 'readAgent':
      return [await entity(cached, 'agent', id, userId)];
    case 'readTemplate':
      return [await entity(cached, 'template', id, userId)];
    case 'readGlobal': {
      const { json, source, loadCost } = await cached.readGlobal(userId);
      return [{ key: GLOBAL_ID, shape: 'entity', json, source, loadCost, label: 'global' }];
    }
  }
}

export async function entity(
  cached: CachedContexts,
  type: EntityType,
  id: string,
  userId: string,
): Promise<LabelledRead> {
  const { json, source, loadCost } = await cached.readEntity(type, id, userId);
  return { key: entityKey(type, id), shape: 'entity', json, source, loadCost, label: type };
}

async function resolved(
  cached: CachedContexts,
  level: 'task' | 'branch' | 'project',
  id: string,
  userId: string,
): Promise<LabelledRead> {
  const { json, source, loadCost } = await cached.resolve(level, id, userId);
  return {
    key: contextKey(level, id),
    shape: 'context',
    json,
    source,
    loadCost,
    label: `context:${level}`,
  };
}
