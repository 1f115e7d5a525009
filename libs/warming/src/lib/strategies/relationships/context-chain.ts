import { contextKey, entityKey, type ResolutionLevel } from '@strata/contexts';

/** The ids of a resolved context's chain by level, read off its JSON text (DESIGN §8 shape). */
export type ChainIds = Partial<Record<ResolutionLevel, string>>;

export function chainIds(json: string): ChainIds {
  try {
    const { chain } = JSON.parse(json) as { chain?: Array<{ level: ResolutionLevel; id: string }> };
    const ids: ChainIds = {};
    for (const link of chain ?? []) {
      ids[link.level] = link.id;
    }
    return ids;
  } catch {
    return {};
  }
}

/** What a cache key names: a resolved context at a level, or an entity. */
export function parseKey(key: string): { context?: ResolutionLevel; type: string; id: string } {
  const [head, ...rest] = key.split(':');
  if (head === 'context' && rest.length >= 2) {
    return { context: rest[0] as ResolutionLevel, type: rest[0], id: rest.slice(1).join(':') };
  }
  return { type: head, id: rest.join(':') };
}

export const keys = {
  project: (id: string) => entityKey('project', id),
  branch: (id: string) => entityKey('git_branch', id),
  user: (id: string) => entityKey('user', id),
  projectContext: (id: string) => contextKey('project', id),
  branchContext: (id: string) => contextKey('branch', id),
  taskContext: (id: string) => contextKey('task', id),
};
