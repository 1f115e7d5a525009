import { databaseTargetsForTests } from '@strata/database/testing';
import {
  expectErrorBody,
  openApiTestApp,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
  type EntityPlural,
} from './api-test-app';

interface EntityRouteCase {
  plural: EntityPlural;
  /** The create body without id and data. */
  fields: Record<string, unknown>;
  /** A PATCH of the entity's text field. */
  rename: Record<string, string>;
}

const ROUTE_CASES: EntityRouteCase[] = [
  { plural: 'projects', fields: { name: 'Apollo' }, rename: { name: 'Artemis' } },
  {
    plural: 'branches',
    fields: { projectId: SEEDED.project, name: 'feature' },
    rename: { name: 'feature-2' },
  },
  {
    plural: 'tasks',
    fields: { branchId: SEEDED.branch, title: 'Write docs', assigneeIds: [SEEDED.user] },
    rename: { title: 'Write more docs' },
  },
  {
    plural: 'users',
    fields: { name: 'Bob', projectIds: [SEEDED.project] },
    rename: { name: 'Robert' },
  },
  { plural: 'agents', fields: { name: 'planner' }, rename: { name: 'executor' } },
  { plural: 'templates', fields: { name: 'feature' }, rename: { name: 'epic' } },
];

/** A context that a PATCH below changes by every merge rule at once. */
const CREATED_DATA = { keep: 1, drop: 'x', list: [1, 2, 3], nested: { a: 1, deep: { c: 2 } } };
const PATCH_DATA = { drop: null, list: [9], nested: { deep: { d: 3 } }, added: true };
const MERGED_DATA = { keep: 1, list: [9], nested: { a: 1, deep: { c: 2, d: 3 } }, added: true };

describe.each(databaseTargetsForTests())('entity routes on %s', (kind) => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await openApiTestApp(kind);
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  describe('/v1/global', () => {
    it('GET answers the singleton with its data and version', async () => {
      const response = await api.http.get('/v1/global').expect(200);
      expect(response.body).toEqual({
        id: 'global',
        data: { tone: 'formal', limits: { tokens: 1000, depth: 3 }, tags: ['global'] },
        version: expect.any(Number),
        updatedAt: expect.any(String),
      });
    });

    it('PUT replaces the data whole and bumps the version', async () => {
      const before = (await api.http.get('/v1/global')).body;
      const data = { tone: 'casual', limits: { tokens: 2000 } };
      const response = await api.http.put('/v1/global').send({ data }).expect(200);
      expect(response.body).toMatchObject({ id: 'global', data, version: before.version + 1 });
      expect((await api.http.get('/v1/global')).body).toEqual(response.body);
    });
  });

  describe.each(ROUTE_CASES)('/v1/$plural', ({ plural, fields, rename }) => {
    const id = `${plural}-e2e`;

    it('POST answers 201 with the entity at version 1, and GET reads it back', async () => {
      const created = await api.http
        .post(`/v1/${plural}`)
        .send({ id, ...fields, data: CREATED_DATA })
        .expect(201);
      expect(created.body).toEqual({
        id,
        ...fields,
        data: CREATED_DATA,
        version: 1,
        updatedAt: expect.any(String),
      });
      expect(new Date(created.body.updatedAt).toISOString()).toBe(created.body.updatedAt);
      expect((await api.http.get(`/v1/${plural}/${id}`).expect(200)).body).toEqual(created.body);
    });

    it('POST without an id generates one', async () => {
      const created = await api.http
        .post(`/v1/${plural}`)
        .send({ ...fields, data: {} })
        .expect(201);
      expect(created.body.id).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
      await api.http.get(`/v1/${plural}/${created.body.id}`).expect(200);
    });

    it('POST of an existing id is 409 and leaves the stored entity alone', async () => {
      const before = (await api.http.get(`/v1/${plural}/${id}`)).body;
      const response = await api.http
        .post(`/v1/${plural}`)
        .send({ id, ...fields, data: { replaced: true } });
      expectErrorBody(response, 409);
      expect((await api.http.get(`/v1/${plural}/${id}`)).body).toEqual(before);
    });

    it('PATCH merges data by the resolution rules and bumps the version', async () => {
      const before = (await api.http.get(`/v1/${plural}/${id}`)).body;
      const patched = await api.http
        .patch(`/v1/${plural}/${id}`)
        .send({ data: PATCH_DATA })
        .expect(200);
      expect(patched.body).toEqual({
        ...before,
        data: MERGED_DATA,
        version: before.version + 1,
        updatedAt: expect.any(String),
      });
      expect((await api.http.get(`/v1/${plural}/${id}`)).body).toEqual(patched.body);
    });

    it('PATCH of a text field changes it, keeps the data and bumps the version', async () => {
      const before = (await api.http.get(`/v1/${plural}/${id}`)).body;
      const patched = await api.http.patch(`/v1/${plural}/${id}`).send(rename).expect(200);
      expect(patched.body).toEqual({
        ...before,
        ...rename,
        version: before.version + 1,
        updatedAt: expect.any(String),
      });
      expect((await api.http.get(`/v1/${plural}/${id}`)).body).toEqual(patched.body);
    });

    it('PATCH that changes nothing keeps the version and the cached copy', async () => {
      const before = (await api.http.get(`/v1/${plural}/${id}`).expect(200)).body;
      const data = before.data;
      // Every field a PATCH of this type takes, sent as it is stored.
      const patchable = [...Object.keys(rename), 'assigneeIds', 'projectIds'].filter(
        (field) => field in before,
      );
      const stored = Object.fromEntries(patchable.map((field) => [field, before[field]]));
      for (const body of [{}, { data: {} }, { data }, stored, { ...stored, data }]) {
        const patched = await api.http.patch(`/v1/${plural}/${id}`).send(body).expect(200);
        expect(patched.body).toEqual(before);
      }
      const reread = await api.http.get(`/v1/${plural}/${id}`).expect(200);
      expect(reread.body).toEqual(before);
      expect(reread.headers['x-cache']).not.toBe('miss');
    });

    it('DELETE answers 204 without a body, and the entity is gone', async () => {
      const response = await api.http.delete(`/v1/${plural}/${id}`).expect(204);
      expect(response.text).toBe('');
      expectErrorBody(await api.http.get(`/v1/${plural}/${id}`), 404);
      expectErrorBody(await api.http.delete(`/v1/${plural}/${id}`), 404);
    });

    it('GET, PATCH and DELETE of an unknown id are 404', async () => {
      expectErrorBody(await api.http.get(`/v1/${plural}/unknown`), 404);
      expectErrorBody(await api.http.patch(`/v1/${plural}/unknown`).send({ data: { a: 1 } }), 404);
      expectErrorBody(await api.http.delete(`/v1/${plural}/unknown`), 404);
    });
  });

  it('serves an id of the full 128 characters on every route', async () => {
    const longId = 'L'.repeat(128);
    await api.http.post('/v1/projects').send({ id: longId, name: 'Long', data: {} }).expect(201);
    await api.http.get(`/v1/projects/${longId}`).expect(200);
    await api.http
      .patch(`/v1/projects/${longId}`)
      .send({ data: { a: 1 } })
      .expect(200);
    await api.http.get(`/v1/contexts/project/${longId}`).expect(200);
    await api.http.delete(`/v1/projects/${longId}`).expect(204);
  });

  it('keeps any text in data as sent, NUL and unpaired surrogates included', async () => {
    // Data is stored as JSON text, which escapes what a text column would refuse or alter.
    const data = { 'nul\u0000key': 'a\u0000b', lone: '\ud800', emoji: '\u{1F600}', ctl: '\u0007' };
    const created = await api.http
      .post('/v1/templates')
      .send({ id: 'unicode', name: 'Unicode \u{1F600}', data })
      .expect(201);
    expect(created.body.data).toEqual(data);
    expect((await api.http.get('/v1/templates/unicode')).body).toEqual(created.body);
  });

  describe('hierarchy and links', () => {
    it('DELETE of a project that has branches is 409 and deletes nothing', async () => {
      expectErrorBody(await api.http.delete(`/v1/projects/${SEEDED.project}`), 409);
      await api.http.get(`/v1/projects/${SEEDED.project}`).expect(200);
      await api.http.get(`/v1/branches/${SEEDED.branch}`).expect(200);
    });

    it('DELETE of a branch that has tasks is 409 and deletes nothing', async () => {
      expectErrorBody(await api.http.delete(`/v1/branches/${SEEDED.branch}`), 409);
      await api.http.get(`/v1/branches/${SEEDED.branch}`).expect(200);
      await api.http.get(`/v1/tasks/${SEEDED.task}`).expect(200);
    });

    it('PATCH replaces task assignees and user memberships whole', async () => {
      await api.http
        .post('/v1/users')
        .send({ id: 'links-user', name: 'Cy', data: {}, projectIds: [SEEDED.project] })
        .expect(201);
      await api.http
        .post('/v1/projects')
        .send({ id: 'links-project', name: 'Second', data: {} })
        .expect(201);

      const user = await api.http
        .patch('/v1/users/links-user')
        .send({ projectIds: ['links-project'] })
        .expect(200);
      expect(user.body.projectIds).toEqual(['links-project']);

      const task = await api.http
        .post('/v1/tasks')
        .send({ id: 'links-task', branchId: SEEDED.branch, title: 'Pair', data: {} })
        .expect(201);
      expect(task.body.assigneeIds).toEqual([]);
      const assigned = await api.http
        .patch('/v1/tasks/links-task')
        .send({ assigneeIds: ['links-user', SEEDED.user] })
        .expect(200);
      expect(assigned.body.assigneeIds).toEqual([SEEDED.user, 'links-user'].sort());
      expect((await api.http.get('/v1/tasks/links-task')).body.assigneeIds).toEqual(
        assigned.body.assigneeIds,
      );
    });

    it('PATCH without links keeps them', async () => {
      const patched = await api.http
        .patch('/v1/tasks/links-task')
        .send({ data: { note: 'kept' } })
        .expect(200);
      expect(patched.body.assigneeIds).toEqual([SEEDED.user, 'links-user'].sort());
    });

    it('DELETE of a user removes it from its tasks: a new version of each, and no cached copy outlives it', async () => {
      // Cached first, entity and resolved context, so a missed invalidation would show.
      const before = (await api.http.get('/v1/tasks/links-task').expect(200)).body;
      await api.http.get('/v1/contexts/task/links-task').expect(200);
      expect((await api.http.get('/v1/tasks/links-task')).headers['x-cache']).not.toBe('miss');

      await api.http.delete('/v1/users/links-user').expect(204);
      const after = await api.http.get('/v1/tasks/links-task').expect(200);
      expect(after.headers['x-cache']).toBe('miss');
      expect(after.body).toEqual({
        ...before,
        assigneeIds: [SEEDED.user],
        version: before.version + 1,
        updatedAt: expect.any(String),
      });
      expect(Date.parse(after.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
      const context = await api.http.get('/v1/contexts/task/links-task').expect(200);
      expect(context.headers['x-cache']).toBe('miss');
      expect(context.body.chain.at(-1)).toEqual({
        level: 'task',
        id: 'links-task',
        version: before.version + 1,
      });
    });

    it('DELETE of a project removes it from its members: a new version of each, served fresh', async () => {
      await api.http
        .post('/v1/users')
        .send({ id: 'member', name: 'Di', data: {}, projectIds: [SEEDED.project, 'links-project'] })
        .expect(201);
      const before = (await api.http.get('/v1/users/member').expect(200)).body;
      await api.http.delete('/v1/projects/links-project').expect(204);
      const after = await api.http.get('/v1/users/member').expect(200);
      expect(after.headers['x-cache']).toBe('miss');
      expect(after.body).toEqual({
        ...before,
        projectIds: [SEEDED.project],
        version: before.version + 1,
        updatedAt: expect.any(String),
      });
    });

    it('DELETE of a user or project that nothing links to changes no other entity', async () => {
      await api.http.post('/v1/users').send({ id: 'loner', name: 'Lo', data: {} }).expect(201);
      const task = (await api.http.get(`/v1/tasks/${SEEDED.task}`)).body;
      const member = (await api.http.get('/v1/users/member')).body;
      await api.http.delete('/v1/users/loner').expect(204);
      await api.http.post('/v1/projects').send({ id: 'empty', name: 'E', data: {} }).expect(201);
      await api.http.delete('/v1/projects/empty').expect(204);
      expect((await api.http.get(`/v1/tasks/${SEEDED.task}`)).body).toEqual(task);
      expect((await api.http.get('/v1/users/member')).body).toEqual(member);
    });
  });
});
