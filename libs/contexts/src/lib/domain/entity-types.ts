/** The entity types of DESIGN §1 besides the global singleton. */
export const ENTITY_TYPES = ['project', 'git_branch', 'task', 'user', 'agent', 'template'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** The id and cache key of the singleton global context. */
export const GLOBAL_ID = 'global';

/** Levels that resolution merges, from the most general down. */
export const RESOLUTION_LEVELS = ['global', 'project', 'branch', 'task'] as const;
export type ResolutionLevel = (typeof RESOLUTION_LEVELS)[number];

export function isEntityType(value: string): value is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(value);
}

export function isResolutionLevel(value: string): value is ResolutionLevel {
  return (RESOLUTION_LEVELS as readonly string[]).includes(value);
}

/** Cache key of an entity (DESIGN §2): `${type}:${id}`, and plain `global` for the singleton. */
export function entityKey(type: EntityType | 'global', id: string): string {
  return type === 'global' ? GLOBAL_ID : `${type}:${id}`;
}

/** Cache key of a resolved context (DESIGN §2). */
export function contextKey(level: ResolutionLevel, id: string): string {
  return `context:${level}:${id}`;
}
