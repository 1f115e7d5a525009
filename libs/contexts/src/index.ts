export { ContextsModule } from './lib/contexts.module';
export type { ContextsModuleOptions } from './lib/contexts.module-definition';
export { CONTEXTS_CONNECTION, CONTEXTS_DATA_SOURCE } from './lib/contexts.tokens';
export { EntityStore } from './lib/store/entity-store.service';
export { EventLog } from './lib/store/event-log.service';
export { EntityRelations } from './lib/store/entity-relations.service';
export { InvalidationOutbox } from './lib/store/invalidation-outbox.service';
export type { UnsettledWrite } from './lib/store/invalidation-outbox.service';
export type { ContextEvent, ContextEventKind } from './lib/store/event-log.service';
export { ContextResolver } from './lib/resolution/context-resolver.service';
export type {
  ResolvedAncestor,
  WalkedPastAncestor,
} from './lib/resolution/context-resolver.service';
export { chainDependencies } from './lib/resolution/resolved-context';
export type { ChainLink, ResolvedContext } from './lib/resolution/resolved-context';
export { SourceQueryCounter } from './lib/persistence/source-query-counter';
export { mergeContext } from './lib/domain/merge-context';
export { contextDataProblem, CONTEXT_DATA_LIMITS } from './lib/domain/context-data-limits';
export {
  ENTITY_TYPES,
  RESOLUTION_LEVELS,
  GLOBAL_ID,
  entityKey,
  contextKey,
  isEntityType,
  isResolutionLevel,
} from './lib/domain/entity-types';
export type { EntityType, ResolutionLevel } from './lib/domain/entity-types';
export {
  EntityConflictError,
  EntityNotFoundError,
  UnknownReferenceError,
} from './lib/domain/errors';
export { isJsonObject } from './lib/domain/json';
export type { JsonObject, JsonValue } from './lib/domain/json';
export type * from './lib/domain/context-entities';
