import { EventLog } from '@strata/contexts';
import { databaseTargetsForTests } from '@strata/database/testing';
import {
  expectErrorBody,
  openApiTestApp,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
} from './api-test-app';

describe.each(databaseTargetsForTests())('login and checkout events on %s', (kind) => {
  let api: ApiTestApp;
  let events: EventLog;

  beforeAll(async () => {
    api = await openApiTestApp(kind);
    events = api.app.get(EventLog);
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  /** Events recorded so far, oldest first: what the warmer will read. */
  const recorded = () => events.recent(0);

  it('POST /v1/users/:id/login answers 202 and records the login', async () => {
    const response = await api.http.post(`/v1/users/${SEEDED.user}/login`).expect(202);
    const event = { kind: 'login', subjectId: SEEDED.user, userId: SEEDED.user };
    expect(response.body).toEqual({ ...event, occurredAt: expect.any(String) });
    expect(await recorded()).toEqual([{ ...event, occurredAt: response.body.occurredAt }]);
  });

  it('POST /v1/branches/:id/checkout answers 202 and records the x-user-id it names', async () => {
    const response = await api.http
      .post(`/v1/branches/${SEEDED.branch}/checkout`)
      .set('x-user-id', SEEDED.user)
      .expect(202);
    expect(response.body).toMatchObject({
      kind: 'checkout',
      subjectId: SEEDED.branch,
      userId: SEEDED.user,
    });
    expect((await recorded()).at(-1)).toEqual(response.body);
  });

  it('records a checkout without x-user-id for no user', async () => {
    const response = await api.http.post(`/v1/branches/${SEEDED.branch}/checkout`).expect(202);
    expect(response.body).toMatchObject({ kind: 'checkout', userId: null });
  });

  it('answers 404 for an unknown user or branch and records nothing', async () => {
    const before = await recorded();
    expectErrorBody(await api.http.post('/v1/users/unknown/login'), 404);
    expectErrorBody(await api.http.post('/v1/branches/unknown/checkout'), 404);
    // A task id is not a branch id.
    expectErrorBody(await api.http.post(`/v1/branches/${SEEDED.task}/checkout`), 404);
    expect(await recorded()).toEqual(before);
  });

  it('answers 400 for a checkout whose x-user-id names no user, and records nothing', async () => {
    const before = await recorded();
    const response = await api.http
      .post(`/v1/branches/${SEEDED.branch}/checkout`)
      .set('x-user-id', 'nobody');
    expectErrorBody(response, 400);
    expect(response.body.message).toBe("x-user-id names unknown user: 'nobody'");
    expect(await recorded()).toEqual(before);
  });

  it('answers 400 for an invalid path id or x-user-id and records nothing', async () => {
    const before = await recorded();
    expectErrorBody(await api.http.post('/v1/users/a%20b/login'), 400);
    expectErrorBody(await api.http.post(`/v1/branches/${'b'.repeat(129)}/checkout`), 400);
    for (const userId of ['a b', 'u'.repeat(129), '', 'ü']) {
      const response = await api.http
        .post(`/v1/branches/${SEEDED.branch}/checkout`)
        .set('x-user-id', userId);
      expectErrorBody(response, 400);
    }
    expect(await recorded()).toEqual(before);
  });
});
