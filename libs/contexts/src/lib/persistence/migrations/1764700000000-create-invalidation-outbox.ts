import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The outbox of writes whose invalidation has not been confirmed (InvalidationOutboxRecord). */
export class CreateInvalidationOutbox1764700000000 implements MigrationInterface {
  name = 'CreateInvalidationOutbox1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'invalidation_outbox',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'changed_keys', type: 'text' },
          { name: 'written_at', type: 'bigint' },
        ],
        indices: [new TableIndex({ columnNames: ['written_at'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('invalidation_outbox');
  }
}
