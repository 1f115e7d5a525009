import { entityKey, type ResolutionLevel } from '../domain/entity-types';
import type { JsonObject } from '../domain/json';

export interface ChainLink {
  level: ResolutionLevel;
  id: string;
  version: number;
}

/** A level's context merged from global down to it (DESIGN §8: `GET /v1/contexts/:level/:id`). */
export interface ResolvedContext {
  level: ResolutionLevel;
  id: string;
  data: JsonObject;
  /** From global down to the level itself. */
  chain: ChainLink[];
}

const ENTITY_TYPE_OF_LEVEL = {
  global: 'global',
  project: 'project',
  branch: 'git_branch',
  task: 'task',
} as const;

/** The entity keys a resolved context was built from: what invalidates it (DESIGN §2). */
export function chainDependencies(chain: readonly ChainLink[]): string[] {
  return chain.map((link) => entityKey(ENTITY_TYPE_OF_LEVEL[link.level], link.id));
}
