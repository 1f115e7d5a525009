/** The source of truth's own TypeORM data source (the cache tiers have their own). */
export const CONTEXTS_DATA_SOURCE = Symbol('CONTEXTS_DATA_SOURCE');
