import { Table, TableIndex } from 'typeorm';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Built afresh per run: TypeORM may annotate a Table while creating it. */
const tables = (): Table[] => [
  new Table({
    name: 'volatility_updates',
    columns: [
      {
        name: 'id',
        type: 'integer',
        isPrimary: true,
        isGenerated: true,
        generationStrategy: 'increment',
      },
      { name: 'entity_key', type: 'text' },
      { name: 'at', type: 'bigint' },
    ],
    indices: [
      new TableIndex({ name: 'idx_volatility_updates_key_at', columnNames: ['entity_key', 'at'] }),
      new TableIndex({ name: 'idx_volatility_updates_at', columnNames: ['at'] }),
    ],
  }),
  new Table({
    name: 'volatility_key_stats',
    columns: [
      { name: 'entity_key', type: 'text', isPrimary: true },
      { name: 'type', type: 'text' },
      { name: 'accesses', type: 'bigint' },
      { name: 'last_access_at', type: 'bigint' },
      { name: 'decayed_at', type: 'bigint' },
      { name: 'weight', type: 'double precision' },
      { name: 'active_weight', type: 'double precision' },
      { name: 'interval_weight', type: 'double precision' },
      { name: 'interval_sum', type: 'double precision' },
      { name: 'interval_sum_of_squares', type: 'double precision' },
    ],
    indices: [
      new TableIndex({
        name: 'idx_volatility_key_stats_last_access',
        columnNames: ['last_access_at'],
      }),
    ],
  }),
  new Table({
    name: 'volatility_type_hours',
    columns: [
      { name: 'type', type: 'text', isPrimary: true },
      { name: 'hour', type: 'integer', isPrimary: true },
      { name: 'accesses', type: 'bigint' },
    ],
  }),
  new Table({
    name: 'volatility_key_hours',
    columns: [
      { name: 'entity_key', type: 'text', isPrimary: true },
      { name: 'hour', type: 'integer', isPrimary: true },
      { name: 'accesses', type: 'bigint' },
      { name: 'last_at', type: 'bigint' },
    ],
    indices: [
      new TableIndex({ name: 'idx_volatility_key_hours_last_at', columnNames: ['last_at'] }),
    ],
  }),
  new Table({
    name: 'volatility_read_after',
    columns: [
      { name: 'previous_key', type: 'text', isPrimary: true },
      { name: 'next_key', type: 'text', isPrimary: true },
      { name: 'reads', type: 'bigint' },
      { name: 'last_at', type: 'bigint' },
    ],
    indices: [
      new TableIndex({ name: 'idx_volatility_read_after_last_at', columnNames: ['last_at'] }),
    ],
  }),
  new Table({
    name: 'volatility_sessions',
    columns: [
      { name: 'user_id', type: 'text', isPrimary: true },
      { name: 'last_login_at', type: 'bigint' },
    ],
  }),
];

/** The analytics' tables; the Table API keeps one migration for SQLite and PostgreSQL. */
export class CreateVolatilityTables1764100000000 implements MigrationInterface {
  name = 'CreateVolatilityTables1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const table of tables()) {
      await runner.createTable(table);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of tables().reverse()) {
      await runner.dropTable(table.name);
    }
  }
}
