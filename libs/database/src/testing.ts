export {
  databaseTargetsForTests,
  redisUrlForTests,
  createTestDatabase,
  createPostgresSchema,
} from './lib/testing/test-databases';
export type { TestDatabase } from './lib/testing/test-databases';
export {
  OwnPostgresServer,
  canStartOwnPostgres,
  ownPostgresForTests,
} from './lib/testing/own-postgres-server';
