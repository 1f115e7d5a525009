import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ContextsModule, EntityStore } from '@strata/contexts';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from '@strata/database';
import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_SIZE, demoDataset, type DemoDatasetSize } from './demo-dataset';
import { createProgress } from '../harness/progress';
import { entityCount, seedDatabase } from './seed-database';

/** A batch of the demo dataset may take longer than a request's statement bound. */
const SEED_STATEMENT_TIMEOUT_MS = 60_000;

const USAGE = `npm run seed -- [--seed N] [--if-empty] [--projects N] [--branches-per-project N]
  [--tasks-per-branch N] [--users N] [--agents N] [--templates N]
Writes the demo dataset into DATABASE_URL (default ${DEFAULT_DATABASE_URL}).`;

const SIZE_OPTIONS: Record<string, keyof DemoDatasetSize> = {
  projects: 'projects',
  'branches-per-project': 'branchesPerProject',
  'tasks-per-branch': 'tasksPerBranch',
  users: 'users',
  agents: 'agents',
  templates: 'templates',
};

function wholeNumber(name: string, text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new Error(`--${name} must be a whole number, not "${text}"\n${USAGE}`);
  }
  return Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      'if-empty': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      ...Object.fromEntries(
        Object.keys(SIZE_OPTIONS).map((name) => [name, { type: 'string' as const }]),
      ),
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const size: DemoDatasetSize = { ...DEFAULT_DEMO_SIZE };
  for (const [name, key] of Object.entries(SIZE_OPTIONS)) {
    const text = (values as Record<string, unknown>)[name];
    if (typeof text === 'string') {
      size[key] = wholeNumber(name, text);
    }
  }
  const seed = wholeNumber('seed', values.seed);
  const databaseUrl = process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  parseDatabaseUrl(databaseUrl);

  const app = await NestFactory.createApplicationContext(
    ContextsModule.forRoot({ databaseUrl, statementTimeoutMs: SEED_STATEMENT_TIMEOUT_MS }),
    {
      logger: ['error', 'warn'],
    },
  );
  const progress = createProgress('seed');
  try {
    const store = app.get(EntityStore);
    const existing = await store.count('project');
    if (existing > 0) {
      if (values['if-empty']) {
        console.log(`the database already holds ${existing} projects: not seeding`);
        return;
      }
      throw new Error(`the database already holds ${existing} projects; seed an empty database`);
    }
    const started = Date.now();
    const dataset = demoDataset(seed, size);
    await seedDatabase(store, dataset, progress.phase('entities', entityCount(dataset)));
    progress.close();
    console.log(
      `seeded ${dataset.projects.length} projects, ${dataset.branches.length} branches, ${dataset.tasks.length} tasks, ` +
        `${dataset.users.length} users, ${dataset.agents.length} agents, ${dataset.templates.length} templates ` +
        `(seed ${seed}) in ${Date.now() - started} ms`,
    );
  } finally {
    progress.close();
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
