import { BODY_LIMIT_BYTES } from '@strata/platform';
import { CONTEXT_DATA_LIMITS } from '@strata/contexts';
import { databaseTargetsForTests } from '@strata/database/testing';
import type { Response } from 'supertest';
import {
  expectErrorBody,
  openApiTestApp,
  readStoredState,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
} from './api-test-app';

/** The id every rejected create names, so that reading it back proves nothing was created. */
const GHOST = 'ghost';

interface BadRequest {
  name: string;
  method: 'post' | 'patch' | 'put' | 'get' | 'delete';
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim as `application/json`, for text that is not JSON at all. */
  raw?: string;
}

/** An object nested `depth` levels deep. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let level = 1; level < depth; level += 1) {
    value = { child: value };
  }
  return value;
}

const tooDeep = nested(CONTEXT_DATA_LIMITS.maxDepth + 1);
/** Within the body limit, over the data limit: refused by validation, not by the body parser. */
const tooLarge = { blob: 'x'.repeat(CONTEXT_DATA_LIMITS.maxBytes) };
const project = (fields: Record<string, unknown>) => ({
  id: GHOST,
  name: 'P',
  data: {},
  ...fields,
});
const branch = (fields: Record<string, unknown>) => ({
  id: GHOST,
  projectId: SEEDED.project,
  name: 'B',
  data: {},
  ...fields,
});
const task = (fields: Record<string, unknown>) => ({
  id: GHOST,
  branchId: SEEDED.branch,
  title: 'T',
  data: {},
  ...fields,
});
const user = (fields: Record<string, unknown>) => ({ id: GHOST, name: 'U', data: {}, ...fields });

const post = (path: string, name: string, body: unknown): BadRequest => ({
  name,
  method: 'post',
  path,
  body,
});
const patch = (path: string, name: string, body: unknown): BadRequest => ({
  name,
  method: 'patch',
  path,
  body,
});

/** Requests DESIGN §8 answers with 400: each must leave the stored state exactly as it was. */
const BAD_REQUESTS: BadRequest[] = [
  post('/v1/projects', 'an unknown field', project({ colour: 'red' })),
  post('/v1/projects', 'a version', project({ version: 7 })),
  post('/v1/projects', 'a name that is a number', project({ name: 5 })),
  post('/v1/projects', 'no name', { id: GHOST, data: {} }),
  post('/v1/projects', 'an empty name', project({ name: '' })),
  post('/v1/projects', 'a name over 256 characters', project({ name: 'n'.repeat(257) })),
  post('/v1/projects', 'a name with a NUL character', project({ name: 'a\u0000b' })),
  post('/v1/projects', 'a name with an unpaired surrogate', project({ name: 'a\ud800b' })),
  post('/v1/projects', 'no data', { id: GHOST, name: 'P' }),
  post('/v1/projects', 'data that is a string', project({ data: 'text' })),
  post('/v1/projects', 'data that is an array', project({ data: [1, 2] })),
  post('/v1/projects', 'data that is null', project({ data: null })),
  post('/v1/projects', 'data that is a number', project({ data: 3 })),
  post('/v1/projects', 'data nested too deep', project({ data: tooDeep })),
  post('/v1/projects', 'data over the size limit', project({ data: tooLarge })),
  post('/v1/projects', 'an id with a space', project({ id: 'gh ost' })),
  post('/v1/projects', 'an id of 129 characters', project({ id: 'g'.repeat(129) })),
  post('/v1/projects', 'an empty id', project({ id: '' })),
  post('/v1/projects', 'an id that is a number', project({ id: 5 })),
  post('/v1/projects', 'an id that is null', project({ id: null })),
  post('/v1/projects', 'a JSON array', [project({})]),
  post('/v1/projects', 'a JSON string', 'project'),
  post('/v1/projects', 'JSON null', null),
  post('/v1/agents', 'an unknown field', { id: GHOST, name: 'A', data: {}, model: 'x' }),
  post('/v1/templates', 'data that is a string', { id: GHOST, name: 'T', data: 'x' }),
  post('/v1/branches', 'an unknown project', branch({ projectId: 'nope' })),
  post('/v1/branches', 'no project', { id: GHOST, name: 'B', data: {} }),
  post('/v1/branches', 'a project id with a space', branch({ projectId: 'p 1' })),
  post('/v1/tasks', 'an unknown branch', task({ branchId: 'nope' })),
  post('/v1/tasks', 'an unknown assignee', task({ assigneeIds: [SEEDED.user, 'nope'] })),
  post('/v1/tasks', 'assignees that are not a list', task({ assigneeIds: SEEDED.user })),
  post('/v1/tasks', 'an assignee that is a number', task({ assigneeIds: [5] })),
  post('/v1/tasks', 'assignees that are null', task({ assigneeIds: null })),
  post('/v1/tasks', 'an assignee id with a space', task({ assigneeIds: ['u 1'] })),
  post('/v1/tasks', 'a name instead of a title', task({ name: 'T' })),
  post('/v1/users', 'an unknown project membership', user({ projectIds: ['nope'] })),
  post('/v1/users', 'a task id as a project membership', user({ projectIds: [SEEDED.task] })),
  { name: 'malformed JSON', method: 'post', path: '/v1/projects', raw: '{"id":"ghost","name":' },
  { name: 'no body', method: 'post', path: '/v1/projects' },

  patch(`/v1/projects/${SEEDED.project}`, 'data that is a string', { data: 'text' }),
  patch(`/v1/projects/${SEEDED.project}`, 'data that is null', { data: null }),
  patch(`/v1/projects/${SEEDED.project}`, 'data nested too deep', { data: tooDeep }),
  patch(`/v1/projects/${SEEDED.project}`, 'an empty name', { name: '' }),
  patch(`/v1/projects/${SEEDED.project}`, 'a name that is a number', { name: 1 }),
  patch(`/v1/projects/${SEEDED.project}`, 'a name that is null', { name: null }),
  patch(`/v1/tasks/${SEEDED.task}`, 'a title that is null', { title: null }),
  patch(`/v1/tasks/${SEEDED.task}`, 'a title with a NUL character', { title: '\u0000' }),
  patch(`/v1/agents/${SEEDED.agent}`, 'a name with an unpaired surrogate', { name: '\udc00' }),
  patch(`/v1/tasks/${SEEDED.task}`, 'assignees that are null', { assigneeIds: null }),
  patch(`/v1/users/${SEEDED.user}`, 'memberships that are null', { projectIds: null }),
  patch(`/v1/projects/${SEEDED.project}`, 'a version', { version: 9 }),
  patch(`/v1/projects/${SEEDED.project}`, 'an id', { id: 'renamed' }),
  patch(`/v1/projects/${SEEDED.project}`, 'an unknown field', { colour: 'red' }),
  patch(`/v1/projects/${SEEDED.project}`, 'a JSON array', [{ name: 'x' }]),
  // Found by the fuzzer: Nest's pipe read null and no body as {}, an empty change, and said 200.
  patch(`/v1/templates/${SEEDED.template}`, 'JSON null', null),
  patch(`/v1/tasks/${SEEDED.task}`, 'a JSON string', 'title'),
  { name: 'no body', method: 'patch', path: `/v1/agents/${SEEDED.agent}` },
  patch(`/v1/branches/${SEEDED.branch}`, 'a new project', { projectId: SEEDED.project }),
  patch(`/v1/tasks/${SEEDED.task}`, 'a new branch', { branchId: SEEDED.branch }),
  patch(`/v1/tasks/${SEEDED.task}`, 'an unknown assignee', { assigneeIds: ['nope'] }),
  patch(`/v1/tasks/${SEEDED.task}`, 'an unknown assignee beside a data change', {
    data: { changed: true },
    assigneeIds: ['nope'],
  }),
  patch(`/v1/users/${SEEDED.user}`, 'an unknown project membership', { projectIds: ['nope'] }),
  patch(`/v1/agents/${SEEDED.agent}`, 'an unknown field', { model: 'x' }),
  patch('/v1/templates/a%20b', 'a path id with a space', { data: {} }),
  patch(`/v1/templates/${'t'.repeat(129)}`, 'a path id of 129 characters', { data: {} }),
  {
    name: 'malformed JSON',
    method: 'patch',
    path: `/v1/projects/${SEEDED.project}`,
    raw: '{"data": {',
  },

  { name: 'data that is a number', method: 'put', path: '/v1/global', body: { data: 5 } },
  { name: 'no data', method: 'put', path: '/v1/global', body: {} },
  { name: 'an unknown field', method: 'put', path: '/v1/global', body: { data: {}, extra: 1 } },
  { name: 'data nested too deep', method: 'put', path: '/v1/global', body: { data: tooDeep } },
  { name: 'a JSON array', method: 'put', path: '/v1/global', body: [] },
  { name: 'malformed JSON', method: 'put', path: '/v1/global', raw: '{data: {}}' },
  { name: 'no body', method: 'put', path: '/v1/global' },
  { name: 'JSON null', method: 'put', path: '/v1/global', body: null },
  { name: 'JSON null', method: 'post', path: '/v1/cache/invalidate', body: null },

  { name: 'a path id with a space', method: 'get', path: '/v1/projects/a%20b' },
  { name: 'a path id of 129 characters', method: 'get', path: `/v1/users/${'u'.repeat(129)}` },
  { name: 'a path id with a space', method: 'delete', path: '/v1/tasks/t%201' },
  { name: 'a path id with a dot', method: 'delete', path: '/v1/agents/a.1' },
  { name: 'an unknown level', method: 'get', path: `/v1/contexts/galaxy/${SEEDED.project}` },
];

function send(api: ApiTestApp, request: BadRequest): Promise<Response> {
  const call = api.http[request.method](request.path);
  if (request.raw !== undefined) {
    return call.set('content-type', 'application/json').send(request.raw);
  }
  // supertest sends a bare string as it is; JSON.stringify keeps JSON string bodies JSON.
  return request.body === undefined
    ? call
    : call.set('content-type', 'application/json').send(JSON.stringify(request.body));
}

describe.each(databaseTargetsForTests())('bad input on %s', (kind) => {
  let api: ApiTestApp;
  /** The state every rejected request must leave behind. */
  let baseline: unknown;

  beforeAll(async () => {
    api = await openApiTestApp(kind);
    await seedHierarchy(api.store);
    baseline = await readStoredState(api, [GHOST]);
  });

  afterAll(() => api.close());

  it.each(BAD_REQUESTS)('$method $path with $name is 400 and changes nothing', async (request) => {
    expectErrorBody(await send(api, request), 400);
    expect(await readStoredState(api, [GHOST])).toEqual(baseline);
  });

  it('refuses a body over 1 MB with 413 and changes nothing', async () => {
    const oversized = project({ data: { blob: 'x'.repeat(BODY_LIMIT_BYTES) } });
    expectErrorBody(await api.http.post('/v1/projects').send(oversized), 413);
    expectErrorBody(
      await api.http.put('/v1/global').send({ data: { blob: 'x'.repeat(BODY_LIMIT_BYTES) } }),
      413,
    );
    expect(await readStoredState(api, [GHOST])).toEqual(baseline);
  });

  it('answers 404 for an unknown id and changes nothing', async () => {
    expectErrorBody(await api.http.patch(`/v1/projects/${GHOST}`).send({ data: { a: 1 } }), 404);
    expectErrorBody(await api.http.delete(`/v1/users/${GHOST}`), 404);
    expect(await readStoredState(api, [GHOST])).toEqual(baseline);
  });

  it('answers an unknown route with a JSON 404, and a known one with a wrong method with 405', async () => {
    expectErrorBody(await api.http.get('/v1/nothing'), 404);
    expectErrorBody(await api.http.get('/v1/nothing/projects'), 404);
    const wrongMethod = await api.http.post('/v1/global').send({ data: {} });
    expectErrorBody(wrongMethod, 405);
    expect(wrongMethod.headers['allow']).toBe('GET, HEAD, PUT');
    // Only POST creates: there is no listing.
    expectErrorBody(await api.http.get('/v1/projects'), 405);
    expect(await readStoredState(api, [GHOST])).toEqual(baseline);
  });

  // Last, so that if it fails the writes it let through cannot fail the tests above.
  it('refuses a number beyond the range of a double, which JSON.parse makes Infinity and storage null', async () => {
    // A stored null would then remove the inherited key on resolution: a silent change of meaning.
    const created = await send(api, {
      name: 'overflow',
      method: 'post',
      path: '/v1/projects',
      raw: `{"id":"${GHOST}","name":"P","data":{"tone":1e400}}`,
    });
    expectErrorBody(created, 400);
    const patched = await send(api, {
      name: 'overflow',
      method: 'patch',
      path: `/v1/projects/${SEEDED.project}`,
      raw: '{"data":{"repo":1e400}}',
    });
    expectErrorBody(patched, 400);
    expect(await readStoredState(api, [GHOST])).toEqual(baseline);
  });
});
