import { databaseTargetsForTests } from '@strata/database/testing';
import {
  expectErrorBody,
  openApiTestApp,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
} from './api-test-app';

describe.each(databaseTargetsForTests())('context resolution route on %s', (kind) => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await openApiTestApp(kind);
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  /** The version each seeded level has now, as its own route reports it. */
  async function versionOf(path: string): Promise<number> {
    return (await api.http.get(path).expect(200)).body.version;
  }

  it('resolves global to its own data with a chain of one', async () => {
    const response = await api.http.get('/v1/contexts/global/global').expect(200);
    expect(response.body).toEqual({
      level: 'global',
      id: 'global',
      data: { tone: 'formal', limits: { tokens: 1000, depth: 3 }, tags: ['global'] },
      chain: [{ level: 'global', id: 'global', version: await versionOf('/v1/global') }],
    });
  });

  it('resolves a project over global: objects merge key by key', async () => {
    const response = await api.http.get(`/v1/contexts/project/${SEEDED.project}`).expect(200);
    expect(response.body).toEqual({
      level: 'project',
      id: SEEDED.project,
      data: {
        tone: 'formal',
        limits: { tokens: 1000, depth: 5 },
        tags: ['global'],
        repo: 'strata',
      },
      chain: [
        { level: 'global', id: 'global', version: await versionOf('/v1/global') },
        { level: 'project', id: SEEDED.project, version: 1 },
      ],
    });
  });

  it('resolves a branch over its project: arrays replace', async () => {
    const response = await api.http.get(`/v1/contexts/branch/${SEEDED.branch}`).expect(200);
    expect(response.body.data).toEqual({
      tone: 'formal',
      limits: { tokens: 1000, depth: 5 },
      tags: ['branch'],
      repo: 'strata',
      branch: 'main',
    });
    expect(response.body.chain.map((link: { level: string }) => link.level)).toEqual([
      'global',
      'project',
      'branch',
    ]);
  });

  it('resolves a task over its branch: null removes an inherited key', async () => {
    const response = await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
    expect(response.body).toEqual({
      level: 'task',
      id: SEEDED.task,
      data: { limits: { tokens: 50, depth: 5 }, tags: ['branch'], repo: 'strata', branch: 'main' },
      chain: [
        { level: 'global', id: 'global', version: await versionOf('/v1/global') },
        { level: 'project', id: SEEDED.project, version: 1 },
        { level: 'branch', id: SEEDED.branch, version: 1 },
        { level: 'task', id: SEEDED.task, version: 1 },
      ],
    });
  });

  it('reflects a write to a level above in the data and the chain', async () => {
    await api.http
      .patch(`/v1/projects/${SEEDED.project}`)
      .send({ data: { repo: 'renamed' } })
      .expect(200);
    const response = await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
    expect(response.body.data.repo).toBe('renamed');
    expect(response.body.chain[1]).toEqual({ level: 'project', id: SEEDED.project, version: 2 });
  });

  it('answers 404 for an unknown id at every level, and for a global id other than "global"', async () => {
    for (const level of ['project', 'branch', 'task', 'global']) {
      expectErrorBody(await api.http.get(`/v1/contexts/${level}/unknown`), 404);
    }
  });

  it('answers 400 for an unknown level and for an invalid id', async () => {
    expectErrorBody(await api.http.get(`/v1/contexts/galaxy/${SEEDED.project}`), 400);
    // `user` is an entity type but not a resolution level.
    expectErrorBody(await api.http.get(`/v1/contexts/user/${SEEDED.user}`), 400);
    expectErrorBody(await api.http.get('/v1/contexts/project/a%20b'), 400);
    expectErrorBody(await api.http.get(`/v1/contexts/project/${'x'.repeat(129)}`), 400);
  });
});
