import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './column-transformers';
import { ContextRecord, NamedContextRecord } from './context-record';
import { InvalidationOutboxRecord } from './invalidation-outbox-record';

@Entity('global_context')
export class GlobalContextRecord extends ContextRecord {}

@Entity('project')
export class ProjectRecord extends NamedContextRecord {}

@Entity('git_branch')
export class GitBranchRecord extends NamedContextRecord {
  @Index()
  @Column({ name: 'project_id', type: 'varchar', length: 128 })
  projectId!: string;
}

@Entity('task')
export class TaskRecord extends ContextRecord {
  @Index()
  @Column({ name: 'branch_id', type: 'varchar', length: 128 })
  branchId!: string;

  @Column({ type: 'varchar', length: 512 })
  title!: string;
}

// "user" is a reserved word in PostgreSQL.
@Entity('app_user')
export class UserRecord extends NamedContextRecord {}

@Entity('agent')
export class AgentRecord extends NamedContextRecord {}

@Entity('template')
export class TemplateRecord extends NamedContextRecord {}

/** Task assignments, kept as rows so "tasks of a user" is an indexed lookup for warming. */
@Entity('task_assignee')
export class TaskAssigneeRecord {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 128 })
  taskId!: string;

  @Index()
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 128 })
  userId!: string;
}

/** Project memberships (a user's projectIds, a project's team). */
@Entity('project_member')
export class ProjectMemberRecord {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 128 })
  userId!: string;

  @Index()
  @PrimaryColumn({ name: 'project_id', type: 'varchar', length: 128 })
  projectId!: string;
}

/** Login and checkout events: what drives warming. */
@Entity('context_event')
export class ContextEventRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 128 })
  subjectId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 128, nullable: true })
  userId!: string | null;

  @Index()
  @Column({ name: 'occurred_at', type: 'bigint', transformer: bigintNumber })
  occurredAt!: number;
}

export const CONTEXT_RECORDS = [
  InvalidationOutboxRecord,
  GlobalContextRecord,
  ProjectRecord,
  GitBranchRecord,
  TaskRecord,
  UserRecord,
  AgentRecord,
  TemplateRecord,
  TaskAssigneeRecord,
  ProjectMemberRecord,
  ContextEventRecord,
];
