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
  // Every read passes here (RecentReads, WarmingTriggers): cut at the colons, no split and join.
  const first = key.indexOf(':');
  if (first === -1) {
    return { type: key, id: '' };
  }
  const head = key.slice(0, first);
  const second = head === 'context' ? key.indexOf(':', first + 1) : -1;
  if (second !== -1) {
    const level = key.slice(first + 1, second);
    return { context: level as ResolutionLevel, type: level, id: key.slice(second + 1) };
  }
  return { type: head, id: key.slice(first + 1) };
}

export const keys = {
  project: (id: string) => entityKey('project', id),
  branch: (id: string) => entityKey('git_branch', id),
  user: (id: string) => entityKey('user', id),
  projectContext: (id: string) => contextKey('project', id),
  branchContext: (id: string) => contextKey('branch', id),
  taskContext: (id: string) => contextKey('task', id),
};
