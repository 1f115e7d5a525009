import type { CachedContexts } from '@strata/context-cache';
import { contextKey, entityKey, GLOBAL_ID, type EntityType } from '@strata/contexts';
import type { ReadKind } from './simulated-event';
import type { ServedRead } from './stale-read-checker';

/** The label a read is counted under: the entity type, or `context:<level>`, or `global`. */
export type ReadLabel =
  EntityType | 'global' | 'context:task' | 'context:branch' | 'context:project';

export interface LabelledRead extends ServedRead {
  label: ReadLabel;
}

/** What one request reads through the cache; a checkout reads the branch, then resolves it. */
export async function performRead(
  cached: CachedContexts,
  read: ReadKind,
  id: string,
): Promise<LabelledRead[]> {
  switch (read) {
    case 'resolveTask':
      return [await resolved(cached, 'task', id)];
    case 'resolveBranch':
      return [await resolved(cached, 'branch', id)];
    case 'resolveProject':
      return [await resolved(cached, 'project', id)];
    case 'checkout':
      return [await entity(cached, 'git_branch', id), await resolved(cached, 'branch', id)];
    case 'readTask':
      return [await entity(cached, 'task', id)];
    case 'readProject':
      return [await entity(cached, 'project', id)];
    case 'readAgent':
      return [await entity(cached, 'agent', id)];
    case 'readTemplate':
      return [await entity(cached, 'template', id)];
    case 'readGlobal': {
      const { json, source } = await cached.readGlobal();
      return [{ key: GLOBAL_ID, shape: 'entity', json, source, label: 'global' }];
    }
  }
}

export async function entity(
  cached: CachedContexts,
  type: EntityType,
  id: string,
): Promise<LabelledRead> {
  const { json, source } = await cached.readEntity(type, id);
  return { key: entityKey(type, id), shape: 'entity', json, source, label: type };
}

async function resolved(
  cached: CachedContexts,
  level: 'task' | 'branch' | 'project',
  id: string,
): Promise<LabelledRead> {
  const { json, source } = await cached.resolve(level, id);
  return { key: contextKey(level, id), shape: 'context', json, source, label: `context:${level}` };
}
