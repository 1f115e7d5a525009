import {
  Table,
  TableForeignKey,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

const contextColumns: TableColumnOptions[] = [
  { name: 'id', type: 'varchar', length: '128', isPrimary: true },
  { name: 'data', type: 'text' },
  { name: 'version', type: 'integer' },
  { name: 'updated_at', type: 'bigint' },
];
const nameColumn: TableColumnOptions = { name: 'name', type: 'varchar', length: '256' };
const idColumn = (name: string, isPrimary = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '128',
  isPrimary,
});
const references = (
  column: string,
  table: string,
  onDelete: 'CASCADE' | 'RESTRICT',
): TableForeignKey =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  });

/** The source-of-truth schema, written with TypeORM's portable schema API so it runs on SQLite and PostgreSQL alike. */
export class CreateContextsSchema1764000000000 implements MigrationInterface {
  name = 'CreateContextsSchema1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(new Table({ name: 'global_context', columns: contextColumns }));
    for (const name of ['project', 'app_user', 'agent', 'template']) {
      await runner.createTable(new Table({ name, columns: [...contextColumns, nameColumn] }));
    }
    await runner.createTable(
      new Table({
        name: 'git_branch',
        columns: [...contextColumns, nameColumn, idColumn('project_id')],
        foreignKeys: [references('project_id', 'project', 'RESTRICT')],
        indices: [new TableIndex({ columnNames: ['project_id'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'task',
        columns: [
          ...contextColumns,
          { name: 'title', type: 'varchar', length: '512' },
          idColumn('branch_id'),
        ],
        foreignKeys: [references('branch_id', 'git_branch', 'RESTRICT')],
        indices: [new TableIndex({ columnNames: ['branch_id'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'task_assignee',
        columns: [idColumn('task_id', true), idColumn('user_id', true)],
        foreignKeys: [
          references('task_id', 'task', 'CASCADE'),
          references('user_id', 'app_user', 'CASCADE'),
        ],
        indices: [new TableIndex({ columnNames: ['user_id'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'project_member',
        columns: [idColumn('user_id', true), idColumn('project_id', true)],
        foreignKeys: [
          references('user_id', 'app_user', 'CASCADE'),
          references('project_id', 'project', 'CASCADE'),
        ],
        indices: [new TableIndex({ columnNames: ['project_id'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'context_event',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'kind', type: 'varchar', length: '32' },
          idColumn('subject_id'),
          { name: 'user_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'occurred_at', type: 'bigint' },
        ],
        indices: [new TableIndex({ columnNames: ['occurred_at'] })],
      }),
    );
    // Literal values only, so one statement serves both databases' placeholder styles.
    await runner.query(
      `INSERT INTO global_context (id, data, version, updated_at) VALUES ('global', '{}', 1, ${Date.now()})`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'context_event',
      'project_member',
      'task_assignee',
      'task',
      'git_branch',
      'template',
      'agent',
      'app_user',
      'project',
      'global_context',
    ]) {
      await runner.dropTable(table);
    }
  }
}
