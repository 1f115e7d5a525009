import { databaseTargetsForTests } from '@strata/database/testing';
import { openApiTestApp, seedHierarchy, SEEDED, type ApiTestApp } from './api-test-app';

/**
 * Writes that arrive together. SQLite runs write transactions one at a time; PostgreSQL runs
 * them side by side, so only there do these races really interleave.
 */
describe.each(databaseTargetsForTests())('concurrent writes on %s', (kind) => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await openApiTestApp(kind);
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  it('PATCHes of one entity at once keep every key and every version bump', async () => {
    const before = (await api.http.get(`/v1/agents/${SEEDED.agent}`)).body;
    const writers = 10;
    const responses = await Promise.all(
      Array.from({ length: writers }, (_, index) =>
        api.http.patch(`/v1/agents/${SEEDED.agent}`).send({ data: { [`key${index}`]: index } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(writers).fill(200));
    const after = (await api.http.get(`/v1/agents/${SEEDED.agent}`)).body;
    expect(after.version).toBe(before.version + writers);
    for (let index = 0; index < writers; index += 1) {
      expect(after.data[`key${index}`]).toBe(index);
    }
  });

  it('creates of one id at once: exactly one 201, the others 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.http.post('/v1/templates').send({ id: 'contested', name: 'T', data: {} }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, ...Array(7).fill(409)]);
  });

  it('deleting a project while branches and members are added to it is never a 5xx, and leaves no orphans', async () => {
    const rounds = 20;
    /** Every request that failed with a 5xx, named so that a failure says which race lost. */
    const faults: string[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const project = `race-${round}`;
      await api.http.post('/v1/projects').send({ id: project, name: 'R', data: {} }).expect(201);
      const responses = await Promise.all([
        api.http
          .post('/v1/branches')
          .send({ id: `race-branch-${round}`, projectId: project, name: 'b', data: {} }),
        api.http.delete(`/v1/projects/${project}`),
        api.http
          .post('/v1/users')
          .send({ id: `race-user-${round}`, name: 'u', data: {}, projectIds: [project] }),
      ]);
      for (const response of responses) {
        if (response.status >= 500) {
          const { method, url } = response.request as unknown as { method: string; url: string };
          faults.push(`${method} ${new URL(url).pathname} -> ${response.status}`);
        }
      }

      // Whatever won, the hierarchy holds: a branch or a membership implies its project.
      const projectExists = (await api.http.get(`/v1/projects/${project}`)).status === 200;
      const branch = await api.http.get(`/v1/branches/race-branch-${round}`);
      const user = await api.http.get(`/v1/users/race-user-${round}`);
      if (!projectExists) {
        expect(branch.status).toBe(404);
        if (user.status === 200) {
          expect(user.body.projectIds).toEqual([]);
        }
      }
    }
    expect(faults).toEqual([]);
  });
});
