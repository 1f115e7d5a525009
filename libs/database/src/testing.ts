export {
  databaseTargetsForTests,
  redisUrlForTests,
  createTestDatabase,
} from './lib/testing/test-databases';
export type { TestDatabase } from './lib/testing/test-databases';
