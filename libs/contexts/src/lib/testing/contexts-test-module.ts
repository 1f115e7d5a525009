import { Test, type TestingModule } from '@nestjs/testing';
import { createTestDatabase, type TestDatabase } from '@strata/database/testing';
import { ContextsModule } from '../contexts.module';

export interface ContextsHarness {
  module: TestingModule;
  database: TestDatabase;
  close(): Promise<void>;
}

/** A ContextsModule on a fresh, migrated database of the given kind. */
export async function openContexts(kind: 'sqlite' | 'postgres'): Promise<ContextsHarness> {
  const database = await createTestDatabase(kind);
  const module = await Test.createTestingModule({
    imports: [ContextsModule.forRoot({ databaseUrl: database.url, schema: database.schema })],
  }).compile();
  await module.init();
  return {
    module,
    database,
    close: async () => {
      await module.close();
      await database.drop();
    },
  };
}
