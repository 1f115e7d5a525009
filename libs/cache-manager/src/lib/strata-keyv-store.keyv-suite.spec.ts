import { keyvApiTests, keyvValueTests } from '@keyv/test-suite';
import { redisUrlForTests } from '@strata/database/testing';
import { Redis } from 'ioredis';
import { Keyv } from 'keyv';
import { randomBytes } from 'node:crypto';
import { openTiers, type OpenTiers } from '../testing/open-tiers';
import { StrataKeyvStore } from './strata-keyv-store';

type VitestApi = Parameters<typeof keyvApiTests>[0];

/**
 * Keyv's own compliance suites take vitest's API; this hands them jest's. Their callbacks take
 * vitest's test context (`t.expect`), and a jest test function with a parameter would be taken
 * for one awaiting a `done` callback, hence the wrapper of no parameters.
 */
const jestAsVitest = {
  it: (name: string, run: (context: { expect: typeof expect }) => unknown) =>
    it(name, async () => {
      await run({ expect });
    }),
  beforeEach,
  afterEach,
} as unknown as VitestApi;

function describeKeyvSuites(backend: string, open: () => Promise<OpenTiers>): void {
  describe(`StrataKeyvStore passes @keyv/test-suite on ${backend}`, () => {
    let tiers: OpenTiers;

    beforeAll(async () => {
      tiers = await open();
    });

    afterAll(() => tiers.close());

    // Each call is a new store over the same tiers, as the suites expect of a store factory.
    const store = () => new StrataKeyvStore(tiers.cache);
    describe('API', () => keyvApiTests(jestAsVitest, Keyv, store));
    describe('values', () => keyvValueTests(jestAsVitest, Keyv, store));
  });
}

describeKeyvSuites('the embedded default (SQLite tiers)', () => openTiers());

const redisUrl = redisUrlForTests();
if (redisUrl) {
  // This suite's own prefix on the shared Redis, whose keys it deletes afterwards (never a flush).
  const redisKeyPrefix = `strata-test:keyv-${randomBytes(6).toString('hex')}:`;
  describeKeyvSuites('Redis (warm tier) and SQLite (cold tier)', async () => {
    const tiers = await openTiers({ warmStore: 'redis', redisUrl, redisKeyPrefix });
    return {
      cache: tiers.cache,
      close: async () => {
        await tiers.close();
        await deleteKeys(redisUrl, redisKeyPrefix);
      },
    };
  });
} else {
  describe.skip('StrataKeyvStore on Redis (set STRATA_TEST_REDIS_URL to run)', () => {
    it('is skipped', () => undefined);
  });
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) {
        await redis.unlink(...keys);
      }
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
