import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { StatementCounter } from '../statement-counter';
import { createTestDatabase, databaseTargetsForTests } from '../testing/test-databases';
import { storeConnection } from './store-connection';

class CreateNotes1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE note (id integer PRIMARY KEY)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE note');
  }
}

const NOTES = {
  entities: [],
  migrations: [CreateNotes1700000000000],
  migrationsTableName: 'notes_migrations',
};

@Injectable()
class NoteCounter extends StatementCounter {}

@Module({ providers: [NoteCounter], exports: [NoteCounter] })
class CounterModule {}

describe.each(databaseTargetsForTests())('storeConnection on %s', (kind) => {
  async function open(url: string, schema: string | undefined, settings = {}) {
    const moduleRef = await Test.createTestingModule({
      imports: [
        storeConnection('notes', NOTES, {
          imports: [CounterModule],
          inject: [NoteCounter],
          useFactory: (logger: NoteCounter) => ({ url, schema, logger, ...settings }),
        }),
      ],
    }).compile();
    await moduleRef.init();
    return moduleRef;
  }

  it('provides a named, migrated data source whose statements its logger counts, errors included', async () => {
    const database = await createTestDatabase(kind);
    const moduleRef = await open(database.url, database.schema);
    try {
      const dataSource = moduleRef.get<DataSource>(getDataSourceToken('notes'));
      const counter = moduleRef.get(NoteCounter);
      const before = counter.count;
      await dataSource.query('INSERT INTO note (id) VALUES (1)');
      // The failing statement reaches the caller as an error, and still counts.
      await expect(dataSource.query('INSERT INTO note (id) VALUES (1)')).rejects.toThrow();
      expect(counter.count - before).toBe(2);
    } finally {
      await moduleRef.close();
      await database.drop();
    }
  });

  it('closes the data source with the application', async () => {
    const database = await createTestDatabase(kind);
    const moduleRef = await open(database.url, database.schema);
    const dataSource = moduleRef.get<DataSource>(getDataSourceToken('notes'));
    await moduleRef.close();
    expect(dataSource.isInitialized).toBe(false);
    await database.drop();
  });

  it('builds but never connects a connection turned off', async () => {
    const moduleRef = await open('postgres://nobody@127.0.0.1:1/none', undefined, {
      connect: false,
    });
    expect(moduleRef.get<DataSource>(getDataSourceToken('notes')).isInitialized).toBe(false);
    await moduleRef.close();
  });

  if (kind === 'postgres') {
    it('migrates once when replicas start together, under the advisory lock', async () => {
      const database = await createTestDatabase(kind);
      const replicas = await Promise.all([1, 2, 3].map(() => open(database.url, database.schema)));
      try {
        const client = new Client({ connectionString: database.url });
        await client.connect();
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM ${database.schema}.notes_migrations`,
        );
        await client.end();
        expect(rows[0].n).toBe(1);
      } finally {
        await Promise.all(replicas.map((replica) => replica.close()));
        await database.drop();
      }
    });
  }
});
