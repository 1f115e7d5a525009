import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The databases a persistence suite runs on: SQLite always, PostgreSQL and Redis when their
 * variables are set. On CI a missing variable is an error, so a suite can never pass by
 * quietly skipping the production path.
 */
export const POSTGRES_TEST_VARIABLE = 'STRATA_TEST_POSTGRES_URL';
export const REDIS_TEST_VARIABLE = 'STRATA_TEST_REDIS_URL';

const announced = new Set<string>();

function requiredOnCi(variable: string, what: string): string | undefined {
  const value = process.env[variable];
  if (value) {
    return value;
  }
  if (process.env['CI'] === 'true') {
    throw new Error(`${variable} must point at ${what} when CI=true`);
  }
  if (!announced.has(variable)) {
    announced.add(variable);
    console.warn(`SKIPPED: ${what} suites (set ${variable} to run them)`);
  }
  return undefined;
}

export function databaseTargetsForTests(): Array<'sqlite' | 'postgres'> {
  return requiredOnCi(POSTGRES_TEST_VARIABLE, 'PostgreSQL') ? ['sqlite', 'postgres'] : ['sqlite'];
}

export function redisUrlForTests(): string | undefined {
  return requiredOnCi(REDIS_TEST_VARIABLE, 'Redis');
}

export interface TestDatabase {
  url: string;
  /** PostgreSQL only: the suite's own schema. */
  schema?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one suite: an in-memory SQLite database, or a new schema in the
 * PostgreSQL test database that `drop()` removes again.
 */
export async function createTestDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    return { url: 'sqlite::memory:', drop: async () => undefined };
  }
  const url = process.env[POSTGRES_TEST_VARIABLE];
  if (!url) {
    throw new Error(`${POSTGRES_TEST_VARIABLE} is not set`);
  }
  return createPostgresSchema(url, 't');
}

/** A new schema with a random name in the PostgreSQL database at `url`; `drop()` removes it. */
export async function createPostgresSchema(url: string, prefix: string): Promise<TestDatabase> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withClient(url, (client) => client.query(`CREATE SCHEMA ${schema}`));
  return {
    url,
    schema,
    drop: () => withClient(url, (client) => client.query(`DROP SCHEMA ${schema} CASCADE`)),
  };
}

async function withClient(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
