import { NestFactory } from '@nestjs/core';
import { ContextsModule, EntityStore } from '@strata/contexts';
import type { DemoDataset } from '../../seed/demo-dataset';
import { seedDatabase } from '../../seed/seed-database';
import type { BenchDatabase } from './bench-database';

/** Writes the demo dataset into the benchmark's source of truth, as `npm run seed` does. */
export async function seedSource(database: BenchDatabase, dataset: DemoDataset): Promise<void> {
  const app = await NestFactory.createApplicationContext(
    ContextsModule.forRoot({ databaseUrl: database.url, schema: database.schema }),
    { logger: ['error', 'warn'] },
  );
  try {
    await seedDatabase(app.get(EntityStore), dataset);
  } finally {
    await app.close();
  }
}
