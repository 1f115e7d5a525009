import type { EntityType } from './entity-types';
import type { JsonObject } from './json';

interface EntityBase {
  id: string;
  data: JsonObject;
  /** 1 at creation, +1 on every write. */
  version: number;
  /** ISO 8601. */
  updatedAt: string;
}

export interface GlobalContext extends EntityBase {
  id: 'global';
}

export interface Project extends EntityBase {
  name: string;
}

export interface GitBranch extends EntityBase {
  projectId: string;
  name: string;
}

export interface Task extends EntityBase {
  branchId: string;
  title: string;
  assigneeIds: string[];
}

export interface User extends EntityBase {
  name: string;
  projectIds: string[];
}

export interface Agent extends EntityBase {
  name: string;
}

export interface Template extends EntityBase {
  name: string;
}

export interface EntityByType {
  project: Project;
  git_branch: GitBranch;
  task: Task;
  user: User;
  agent: Agent;
  template: Template;
}

/** What a caller supplies to create an entity of each type. */
export interface CreateInputByType {
  project: { id?: string; name: string; data: JsonObject };
  git_branch: { id?: string; projectId: string; name: string; data: JsonObject };
  task: { id?: string; branchId: string; title: string; data: JsonObject; assigneeIds?: string[] };
  user: { id?: string; name: string; data: JsonObject; projectIds?: string[] };
  agent: { id?: string; name: string; data: JsonObject };
  template: { id?: string; name: string; data: JsonObject };
}

/** What a caller may change; `data` is merged with the resolution rules (null removes a key). */
export interface PatchInputByType {
  project: { name?: string; data?: JsonObject };
  git_branch: { name?: string; data?: JsonObject };
  task: { title?: string; data?: JsonObject; assigneeIds?: string[] };
  user: { name?: string; data?: JsonObject; projectIds?: string[] };
  agent: { name?: string; data?: JsonObject };
  template: { name?: string; data?: JsonObject };
}

export type AnyEntity = EntityByType[EntityType];

/**
 * What a write changed: every entity key whose stored form it changed and, when there are any,
 * the outbox row recording them (InvalidationOutbox), to settle once they are invalidated.
 */
export interface WriteChanges {
  changedKeys: string[];
  outboxId?: number;
}

/** A write's result: the entity as stored now, and what it changed. */
export interface WriteResult<T> extends WriteChanges {
  entity: T;
}
