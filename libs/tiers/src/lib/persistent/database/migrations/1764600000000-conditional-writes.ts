import { Table, TableIndex } from 'typeorm';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conditional writes and what entries record beyond their value: the domain's invalidation
 * counter and tombstones, load leases for cluster-wide single flight on SQLite, `load_cost` and
 * `warmed_by`, and an index that lets eviction find a type's dead entries without walking the
 * type. Columns are added with plain ALTER TABLE: TypeORM would rebuild the SQLite table, and
 * with foreign keys on, dropping the old one would cascade into the dependency index.
 */
export class ConditionalWrites1764600000000 implements MigrationInterface {
  name = 'ConditionalWrites1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE tier_entries ADD COLUMN load_cost integer');
    await runner.query('ALTER TABLE tier_entries ADD COLUMN warmed_by text');
    await runner.createIndex(
      'tier_entries',
      new TableIndex({
        name: 'idx_tier_entries_type_stale_until',
        columnNames: ['tier', 'type', 'stale_until'],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'tier_invalidation_state',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'counter', type: 'bigint' },
          { name: 'pruned_through', type: 'bigint' },
        ],
      }),
    );
    await runner.query(
      'INSERT INTO tier_invalidation_state (id, counter, pruned_through) VALUES (1, 0, 0)',
    );
    await runner.createTable(
      new Table({
        name: 'tier_tombstones',
        columns: [
          { name: 'scope', type: 'text', isPrimary: true },
          { name: 'counter', type: 'bigint' },
          { name: 'recorded_at', type: 'bigint' },
        ],
        indices: [
          new TableIndex({ name: 'idx_tier_tombstones_recorded_at', columnNames: ['recorded_at'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'tier_load_leases',
        columns: [
          { name: 'key', type: 'text', isPrimary: true },
          { name: 'token', type: 'text' },
          { name: 'expires_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('tier_load_leases');
    await runner.dropTable('tier_tombstones');
    await runner.dropTable('tier_invalidation_state');
    await runner.dropIndex('tier_entries', 'idx_tier_entries_type_stale_until');
    await runner.query('ALTER TABLE tier_entries DROP COLUMN warmed_by');
    await runner.query('ALTER TABLE tier_entries DROP COLUMN load_cost');
  }
}
