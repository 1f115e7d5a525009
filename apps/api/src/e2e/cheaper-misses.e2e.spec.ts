import { ContextResolver, SourceQueryCounter } from '@strata/contexts';
import { databaseTargetsForTests } from '@strata/database/testing';
import { StrataCache, TieredCache } from '@strata/tiers';
import { openApiTestApp, seedHierarchy, SEEDED, type ApiTestApp } from './api-test-app';

/**
 * Issue 9, cheaper misses: a resolution builds on its nearest ancestor the shared tiers hold, the
 * ancestors it resolved from the source on its way are kept there for the next one, and every
 * write along the chain still reaches what was built on it.
 */
describe.each(databaseTargetsForTests())('resolutions built on cached ancestors on %s', (kind) => {
  let api: ApiTestApp;
  let counter: SourceQueryCounter;

  beforeAll(async () => {
    // No warming: its re-resolution after a write would answer the reads these tests count.
    api = await openApiTestApp(kind, { env: { STRATA_WARMING_STRATEGIES: 'none' } });
    await seedHierarchy(api.store);
    counter = api.app.get(SourceQueryCounter);
  });

  afterAll(async () => {
    await api.close();
  });

  /** Lets the fills behind the last answer land in the warm tier, where a basis finds them. */
  async function settled(): Promise<void> {
    const cache = api.app.get(StrataCache);
    if (cache instanceof TieredCache) {
      await cache.idle();
    }
  }

  /** The context's miss and the source statements it cost. */
  async function resolved(level: string, id: string) {
    const before = counter.count;
    const response = await api.http.get(`/v1/contexts/${level}/${id}`).expect(200);
    await settled();
    return {
      body: response.body,
      cache: response.headers['x-cache'],
      queries: counter.count - before,
    };
  }

  it('keeps the ancestors a miss resolved on its way: a sibling task costs one statement, the branch none', async () => {
    await api.store.create('task', {
      id: 't-sibling',
      branchId: SEEDED.branch,
      title: 'Sibling',
      data: { step: 'one' },
    });
    // Built on nothing (global's own entry was never read): four statements.
    const first = await resolved('task', SEEDED.task);
    expect(first).toMatchObject({ cache: 'miss', queries: 4 });

    const sibling = await resolved('task', 't-sibling');
    expect(sibling).toMatchObject({ cache: 'miss', queries: 1 });
    expect(sibling.body.chain.slice(0, 3)).toEqual(first.body.chain.slice(0, 3));
    const resolver = api.app.get(ContextResolver);
    for (const [level, id] of [
      ['branch', SEEDED.branch],
      ['project', SEEDED.project],
    ] as const) {
      const kept = await resolved(level, id);
      expect(kept).toMatchObject({ cache: 'warm', queries: 0 });
      expect(kept.body).toEqual(await resolver.resolve(level, id));
    }
  });

  it('resolves a task whose branch context is cached with one statement, to the same context', async () => {
    const first = await resolved('task', SEEDED.task);
    expect(first.cache).not.toBe('miss');
    await api.http.delete(`/v1/cache/entries/context:task:${SEEDED.task}`).expect(204);

    const built = await resolved('task', SEEDED.task);
    expect(built).toMatchObject({ cache: 'miss', queries: 1 });
    expect(built.body).toEqual(first.body);
    const entry = await api.http.get(`/v1/cache/entries/context:task:${SEEDED.task}`).expect(200);
    expect([...entry.body.dependencies].sort()).toEqual(
      [
        'global',
        `git_branch:${SEEDED.branch}`,
        `project:${SEEDED.project}`,
        `task:${SEEDED.task}`,
      ].sort(),
    );
  });

  it('still invalidates the task context when the project is written, and rebuilds it with the write', async () => {
    await api.http.get('/v1/global').expect(200);
    await settled();
    await api.http
      .patch(`/v1/projects/${SEEDED.project}`)
      .send({ data: { repo: 'strata-2' } })
      .expect(200);
    const after = await resolved('task', SEEDED.task);
    // Its branch's context went with the project's write: it builds on global's own entry.
    expect(after).toMatchObject({ cache: 'miss', queries: 3 });
    expect(after.body.data.repo).toBe('strata-2');
    expect(
      after.body.chain.find((link: { level: string }) => link.level === 'project').version,
    ).toBe(2);
  });

  it('builds on the branch again after a write of the task itself, and serves the write', async () => {
    await resolved('branch', SEEDED.branch);
    await api.http
      .patch(`/v1/tasks/${SEEDED.task}`)
      .send({ data: { step: 'two' } })
      .expect(200);
    const after = await resolved('task', SEEDED.task);
    expect(after).toMatchObject({ cache: 'miss', queries: 1 });
    expect(after.body.data).toMatchObject({ step: 'two', repo: 'strata-2' });
  });

  it('reaches a task built on global’s entry when the global context is written', async () => {
    await api.http
      .put('/v1/global')
      .send({ data: { banner: 'new' } })
      .expect(200);
    const after = await resolved('task', SEEDED.task);
    expect(after.cache).toBe('miss');
    expect(after.body.data.banner).toBe('new');
    expect(after.body.chain[0].version).toBe(3);
  });
});
