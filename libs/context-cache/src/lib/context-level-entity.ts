import { entityKey, GLOBAL_ID, type ResolutionLevel } from '@strata/contexts';

/** The entity a level's context is named after: known before loading, unlike its ancestors. */
export function contextLevelEntityKey(level: ResolutionLevel, id: string): string {
  return level === 'global' ? GLOBAL_ID : entityKey(level === 'branch' ? 'git_branch' : level, id);
}

const CONTEXT_KEY = /^context:(global|project|branch|task):(.+)$/;

/**
 * The entity key whose writes change the entry under `key`: a resolved context
 * (`context:<level>:<id>`) changes when its level's entity does; anything else is its own.
 */
export function updatedThrough(key: string): string {
  const match = CONTEXT_KEY.exec(key);
  return match ? contextLevelEntityKey(match[1] as ResolutionLevel, match[2]) : key;
}
