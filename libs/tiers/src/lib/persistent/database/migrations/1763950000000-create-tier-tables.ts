import { Table, TableForeignKey, TableIndex } from 'typeorm';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The warm and cold tiers' tables; the Table API keeps one migration for SQLite and PostgreSQL. */
export class CreateTierTables1763950000000 implements MigrationInterface {
  name = 'CreateTierTables1763950000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'tier_entries',
        columns: [
          { name: 'tier', type: 'text', isPrimary: true },
          { name: 'key', type: 'text', isPrimary: true },
          { name: 'type', type: 'text' },
          { name: 'json', type: 'text' },
          { name: 'dependencies', type: 'text' },
          { name: 'created_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'stale_until', type: 'bigint' },
          { name: 'band', type: 'text', isNullable: true },
          { name: 'size_bytes', type: 'integer' },
          { name: 'hits', type: 'integer' },
          { name: 'last_access_at', type: 'bigint' },
          { name: 'worth', type: 'double precision' },
        ],
        indices: [
          new TableIndex({
            name: 'idx_tier_entries_worth',
            columnNames: ['tier', 'type', 'worth', 'last_access_at'],
          }),
          new TableIndex({
            name: 'idx_tier_entries_stale_until',
            columnNames: ['tier', 'stale_until'],
          }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'tier_entry_dependencies',
        columns: [
          { name: 'tier', type: 'text', isPrimary: true },
          { name: 'dependency_key', type: 'text', isPrimary: true },
          { name: 'entry_key', type: 'text', isPrimary: true },
        ],
        indices: [
          new TableIndex({
            name: 'idx_tier_entry_dependencies_entry',
            columnNames: ['tier', 'entry_key'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['tier', 'entry_key'],
            referencedTableName: 'tier_entries',
            referencedColumnNames: ['tier', 'key'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'tier_type_totals',
        columns: [
          { name: 'tier', type: 'text', isPrimary: true },
          { name: 'type', type: 'text', isPrimary: true },
          { name: 'entries', type: 'integer' },
          { name: 'bytes', type: 'bigint' },
          { name: 'inflation', type: 'double precision' },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('tier_type_totals');
    await runner.dropTable('tier_entry_dependencies');
    await runner.dropTable('tier_entries');
  }
}
