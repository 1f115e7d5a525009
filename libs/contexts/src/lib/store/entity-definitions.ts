import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { EntityType } from '../domain/entity-types';
import {
  AgentRecord,
  GitBranchRecord,
  ProjectMemberRecord,
  ProjectRecord,
  TaskAssigneeRecord,
  TaskRecord,
  TemplateRecord,
  UserRecord,
} from '../persistence/records/entity-records';
import type { ContextRecord } from '../persistence/records/context-record';

/** A many-to-many link stored as rows (task assignees, project memberships). */
export interface LinkDefinition {
  record: EntityTarget<ObjectLiteral>;
  /** The entity's property in the API (`assigneeIds`, `projectIds`). */
  field: 'assigneeIds' | 'projectIds';
  ownColumn: 'taskId' | 'userId';
  otherColumn: 'userId' | 'projectId';
  otherType: EntityType;
}

/** How one entity type is stored: which fields it has, what it references and what blocks its deletion. */
export interface EntityDefinition {
  type: EntityType;
  record: EntityTarget<ContextRecord>;
  /** Scalar fields besides id and data, as named in the API and in the record. */
  fields: readonly string[];
  parent?: { field: 'projectId' | 'branchId'; type: EntityType };
  /** Entities that reference this one as their parent: deleting it while they exist is refused. */
  children?: { type: EntityType; field: 'projectId' | 'branchId' };
  link?: LinkDefinition;
  /** Links of other types that point at this type: deleting it removes those rows and changes their owners. */
  linkedFrom?: { link: LinkDefinition; ownerType: EntityType };
}

const taskAssignees: LinkDefinition = {
  record: TaskAssigneeRecord,
  field: 'assigneeIds',
  ownColumn: 'taskId',
  otherColumn: 'userId',
  otherType: 'user',
};

const projectMemberships: LinkDefinition = {
  record: ProjectMemberRecord,
  field: 'projectIds',
  ownColumn: 'userId',
  otherColumn: 'projectId',
  otherType: 'project',
};

export const ENTITY_DEFINITIONS: Record<EntityType, EntityDefinition> = {
  project: {
    type: 'project',
    record: ProjectRecord,
    fields: ['name'],
    children: { type: 'git_branch', field: 'projectId' },
    linkedFrom: { link: projectMemberships, ownerType: 'user' },
  },
  git_branch: {
    type: 'git_branch',
    record: GitBranchRecord,
    fields: ['projectId', 'name'],
    parent: { field: 'projectId', type: 'project' },
    children: { type: 'task', field: 'branchId' },
  },
  task: {
    type: 'task',
    record: TaskRecord,
    fields: ['branchId', 'title'],
    parent: { field: 'branchId', type: 'git_branch' },
    link: taskAssignees,
  },
  user: {
    type: 'user',
    record: UserRecord,
    fields: ['name'],
    link: projectMemberships,
    linkedFrom: { link: taskAssignees, ownerType: 'task' },
  },
  agent: { type: 'agent', record: AgentRecord, fields: ['name'] },
  template: { type: 'template', record: TemplateRecord, fields: ['name'] },
};
