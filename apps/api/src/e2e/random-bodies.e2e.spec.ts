import { databaseTargetsForTests } from '@strata/database/testing';
import fc from 'fast-check';
import {
  expectErrorBody,
  openApiTestApp,
  seedHierarchy,
  SEEDED,
  SEEDED_ID_BY_PLURAL,
  ENTITY_PLURALS,
  type ApiTestApp,
  type EntityPlural,
} from './api-test-app';

/** Requests per database: enough to reach the odd corners, few enough to take seconds. */
const RUNS = 300;

// Any code point, control characters and NUL included: what a careless or hostile client sends.
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const idLike = fc.oneof(
  fc.constantFrom(...Object.values(SEEDED), 'nope', ''),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,130}$/),
  anyText,
);
const anyValue = fc.oneof(
  anyText,
  idLike,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(idLike, { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);
const contextData = fc.dictionary(anyText, fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 });

/** Each field a route knows: mostly of the right type (so bodies get past validation), sometimes anything. */
const FIELDS = {
  id: fc.oneof({ arbitrary: idLike, weight: 4 }, { arbitrary: anyValue, weight: 1 }),
  name: fc.oneof({ arbitrary: anyText, weight: 4 }, { arbitrary: anyValue, weight: 1 }),
  title: fc.oneof({ arbitrary: anyText, weight: 4 }, { arbitrary: anyValue, weight: 1 }),
  data: fc.oneof({ arbitrary: contextData, weight: 4 }, { arbitrary: anyValue, weight: 1 }),
  projectId: idLike,
  branchId: idLike,
  assigneeIds: fc.oneof(fc.array(idLike, { maxLength: 4 }), anyValue),
  projectIds: fc.oneof(fc.array(idLike, { maxLength: 4 }), anyValue),
};
type FieldName = keyof typeof FIELDS;

/** A body with some of the route's fields, and now and then one it does not know. */
function bodyFor(fields: readonly FieldName[]): fc.Arbitrary<Record<string, unknown>> {
  const known = fc.record(Object.fromEntries(fields.map((field) => [field, FIELDS[field]])), {
    requiredKeys: [],
  });
  const unknown = fc.option(fc.tuple(anyText, anyValue), { freq: 8 });
  return fc
    .tuple(known, unknown)
    .map(([body, extra]) => (extra ? { ...body, [extra[0]]: extra[1] } : body));
}

const NAMED: FieldName[] = ['id', 'name', 'data'];
const CREATE_FIELDS: Record<EntityPlural, FieldName[]> = {
  projects: NAMED,
  branches: [...NAMED, 'projectId'],
  tasks: ['id', 'branchId', 'title', 'data', 'assigneeIds'],
  users: [...NAMED, 'projectIds'],
  agents: NAMED,
  templates: NAMED,
};
const PATCH_FIELDS: Record<EntityPlural, FieldName[]> = {
  projects: ['name', 'data'],
  branches: ['name', 'data'],
  tasks: ['title', 'data', 'assigneeIds'],
  users: ['name', 'data', 'projectIds'],
  agents: ['name', 'data'],
  templates: ['name', 'data'],
};

interface WriteRoute {
  method: 'post' | 'patch' | 'put';
  path: string;
  body: fc.Arbitrary<Record<string, unknown>>;
}

/** Every route that takes a body. */
const WRITE_ROUTES: WriteRoute[] = [
  ...ENTITY_PLURALS.flatMap((plural): WriteRoute[] => [
    { method: 'post', path: `/v1/${plural}`, body: bodyFor(CREATE_FIELDS[plural]) },
    {
      method: 'patch',
      path: `/v1/${plural}/${SEEDED_ID_BY_PLURAL[plural]}`,
      body: bodyFor(PATCH_FIELDS[plural]),
    },
  ]),
  { method: 'put', path: '/v1/global', body: bodyFor(['data']) },
];

/** A route and what goes on the wire: JSON text, or text that may not be JSON at all. */
const request = fc.constantFrom(...WRITE_ROUTES).chain(({ method, path, body }) =>
  fc.record({
    method: fc.constant(method),
    path: fc.constant(path),
    text: fc.oneof(
      { arbitrary: body.map((value) => JSON.stringify(value)), weight: 8 },
      { arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)), weight: 1 },
      { arbitrary: anyText, weight: 1 },
    ),
  }),
);

describe.each(databaseTargetsForTests())('random bodies on %s', (kind) => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await openApiTestApp(kind);
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  it('never answer with a 5xx, and every refusal is a JSON error', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, text }) => {
        const response = await api.http[method](path)
          .set('content-type', 'application/json')
          .send(text);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) {
          expectErrorBody(response, response.status);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('still serves the seeded hierarchy afterwards', async () => {
    await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
  });
});
