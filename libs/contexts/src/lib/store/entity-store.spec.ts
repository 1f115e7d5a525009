import { databaseTargetsForTests } from '@strata/database/testing';
import { EntityConflictError, EntityNotFoundError, UnknownReferenceError } from '../domain/errors';
import { ContextResolver } from '../resolution/context-resolver.service';
import type { ResolvedContext } from '../resolution/resolved-context';
import { SourceQueryCounter } from '../persistence/source-query-counter';
import { openContexts, type ContextsHarness } from '../testing/contexts-test-module';
import { EntityStore } from './entity-store.service';
import { EventLog } from './event-log.service';
import { InvalidationOutbox } from './invalidation-outbox.service';

describe.each(databaseTargetsForTests())('source of truth on %s', (kind) => {
  let harness: ContextsHarness;
  let store: EntityStore;
  let resolver: ContextResolver;

  beforeAll(async () => {
    harness = await openContexts(kind);
    store = harness.module.get(EntityStore);
    resolver = harness.module.get(ContextResolver);
    await store.putGlobal({ tone: 'formal', limits: { tokens: 1000, depth: 3 }, tags: ['a'] });
    await store.create('project', {
      id: 'p1',
      name: 'Project 1',
      data: { repo: 'r1', limits: { depth: 5 } },
    });
    await store.create('git_branch', {
      id: 'b1',
      projectId: 'p1',
      name: 'main',
      data: { branch: 'main', tags: ['b'] },
    });
    await store.create('user', { id: 'u1', name: 'Ann', data: {}, projectIds: ['p1'] });
    await store.create('task', {
      id: 't1',
      branchId: 'b1',
      title: 'Fix it',
      data: { tone: null, limits: { tokens: 50 } },
      assigneeIds: ['u1'],
    });
  });

  afterAll(() => harness.close());

  it('creates entities at version 1 with their fields and links', async () => {
    const task = await store.get('task', 't1');
    expect(task).toMatchObject({
      id: 't1',
      branchId: 'b1',
      title: 'Fix it',
      assigneeIds: ['u1'],
      version: 1,
    });
    expect(new Date(task.updatedAt).toISOString()).toBe(task.updatedAt);
    expect(await store.get('user', 'u1')).toMatchObject({ projectIds: ['p1'] });
  });

  it('generates an id when none is given', async () => {
    const { entity } = await store.create('agent', { name: 'bot', data: { model: 'x' } });
    expect(entity.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await store.get('agent', entity.id)).data).toEqual({ model: 'x' });
  });

  it('resolves a task through its chain with the merge rules, in four queries', async () => {
    const counter = harness.module.get(SourceQueryCounter);
    const before = counter.count;
    const resolved = await resolver.resolve('task', 't1');
    expect(counter.count - before).toBe(4);
    expect(resolved).toEqual({
      level: 'task',
      id: 't1',
      data: { limits: { tokens: 50, depth: 5 }, tags: ['b'], repo: 'r1', branch: 'main' },
      chain: [
        { level: 'global', id: 'global', version: 2 },
        { level: 'project', id: 'p1', version: 1 },
        { level: 'branch', id: 'b1', version: 1 },
        { level: 'task', id: 't1', version: 1 },
      ],
    });
  });

  it('resolves a task on its branch’s resolved context in one query, to the same result', async () => {
    const counter = harness.module.get(SourceQueryCounter);
    const full = await resolver.resolve('task', 't1');
    const branch = await resolver.resolve('branch', 'b1');
    const asked: string[] = [];
    const before = counter.count;
    const built = await resolver.resolve('task', 't1', async (level, id) => {
      asked.push(`${level}:${id}`);
      return level === 'branch' ? branch : undefined;
    });
    expect(counter.count - before).toBe(1);
    expect(asked).toEqual(['branch:b1']);
    expect(built).toEqual(full);
  });

  it('walks on up while no ancestor is at hand: two queries on a project’s context, four on none', async () => {
    const counter = harness.module.get(SourceQueryCounter);
    const full = await resolver.resolve('task', 't1');
    const project = await resolver.resolve('project', 'p1');
    const asked: string[] = [];
    let before = counter.count;
    const onProject = await resolver.resolve('task', 't1', async (level, id) => {
      asked.push(`${level}:${id}`);
      return level === 'project' ? project : undefined;
    });
    expect(counter.count - before).toBe(2);
    expect(asked).toEqual(['branch:b1', 'project:p1']);
    expect(onProject).toEqual(full);

    before = counter.count;
    const onNothing = await resolver.resolve('task', 't1', async (level, id) => {
      asked.push(`${level}:${id}`);
      return undefined;
    });
    expect(counter.count - before).toBe(4);
    expect(asked.slice(2)).toEqual(['branch:b1', 'project:p1', 'global:global']);
    expect(onNothing).toEqual(full);
  });

  it('tells each level it resolved from the source on its way, as that level resolves on its own', async () => {
    const walked: ResolvedContext[] = [];
    await resolver.resolve(
      'task',
      't1',
      async () => undefined,
      (context) => walked.push(context),
    );
    expect(walked).toEqual([
      await resolver.resolve('project', 'p1'),
      await resolver.resolve('branch', 'b1'),
    ]);

    // Built on the project's context: only the branch was walked past.
    const project = await resolver.resolve('project', 'p1');
    walked.length = 0;
    await resolver.resolve(
      'task',
      't1',
      async (level) => (level === 'project' ? project : undefined),
      (context) => walked.push(context),
    );
    expect(walked).toEqual([await resolver.resolve('branch', 'b1')]);

    // Built on its parent's: nothing.
    const branch = await resolver.resolve('branch', 'b1');
    walked.length = 0;
    await resolver.resolve(
      'task',
      't1',
      async () => branch,
      (context) => walked.push(context),
    );
    expect(walked).toEqual([]);
  });

  it('ignores an ancestor that is not the one asked for', async () => {
    const full = await resolver.resolve('task', 't1');
    const otherBranch = { ...(await resolver.resolve('branch', 'b1')), id: 'b-other' };
    expect(await resolver.resolve('task', 't1', async () => otherBranch)).toEqual(full);
  });

  it('resolves the global, project and branch levels', async () => {
    expect((await resolver.resolve('global', 'global')).chain).toHaveLength(1);
    expect((await resolver.resolve('project', 'p1')).data).toEqual({
      tone: 'formal',
      limits: { tokens: 1000, depth: 5 },
      tags: ['a'],
      repo: 'r1',
    });
    expect((await resolver.resolve('branch', 'b1')).chain.map((link) => link.level)).toEqual([
      'global',
      'project',
      'branch',
    ]);
  });

  it('reports unknown ids at every level', async () => {
    await expect(resolver.resolve('task', 'nope')).rejects.toBeInstanceOf(EntityNotFoundError);
    await expect(resolver.resolve('global', 'other')).rejects.toBeInstanceOf(EntityNotFoundError);
    await expect(store.get('project', 'nope')).rejects.toBeInstanceOf(EntityNotFoundError);
  });

  it('patches by merging data and bumps the version', async () => {
    await store.create('project', { id: 'p2', name: 'Two', data: { a: 1, b: { c: 2, d: 3 } } });
    const { entity, changedKeys } = await store.patch('project', 'p2', {
      name: 'Two!',
      data: { a: null, b: { c: 20 }, e: [1] },
    });
    expect(entity).toMatchObject({
      name: 'Two!',
      version: 2,
      data: { b: { c: 20, d: 3 }, e: [1] },
    });
    expect(changedKeys).toEqual(['project:p2']);
    expect(await store.get('project', 'p2')).toMatchObject({ version: 2, data: entity.data });
  });

  it('loses no update when patches of one entity race', async () => {
    await store.create('template', { id: 'race', name: 'race', data: {} });
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        store.patch('template', 'race', { data: { [`k${index}`]: index } }),
      ),
    );
    const template = await store.get('template', 'race');
    expect(template.version).toBe(11);
    expect(Object.keys(template.data)).toHaveLength(10);
  });

  it('refuses duplicate ids and unknown references without writing', async () => {
    await expect(
      store.create('project', { id: 'p1', name: 'dup', data: {} }),
    ).rejects.toBeInstanceOf(EntityConflictError);
    await expect(
      store.create('git_branch', { id: 'bx', projectId: 'missing', name: 'x', data: {} }),
    ).rejects.toBeInstanceOf(UnknownReferenceError);
    await expect(
      store.create('task', {
        id: 'tx',
        branchId: 'b1',
        title: 'x',
        data: {},
        assigneeIds: ['u1', 'ghost'],
      }),
    ).rejects.toThrow("assigneeIds names unknown user: 'ghost'");
    expect(await store.exists('git_branch', 'bx')).toBe(false);
    expect(await store.exists('task', 'tx')).toBe(false);
    expect((await store.get('project', 'p1')).name).toBe('Project 1');
  });

  it('refuses to delete a parent that still has children', async () => {
    await expect(store.delete('project', 'p1')).rejects.toBeInstanceOf(EntityConflictError);
    await expect(store.delete('git_branch', 'b1')).rejects.toThrow(/still has 1 task/);
  });

  it('deleting a user removes its links and names the tasks that changed', async () => {
    await store.create('user', { id: 'u2', name: 'Bo', data: {}, projectIds: ['p1'] });
    await store.patch('task', 't1', { assigneeIds: ['u1', 'u2'] });
    expect((await store.delete('user', 'u2')).changedKeys).toEqual(['user:u2', 'task:t1']);
    expect((await store.get('task', 't1')).assigneeIds).toEqual(['u1']);
    await expect(store.delete('user', 'u2')).rejects.toBeInstanceOf(EntityNotFoundError);
  });

  it('deleting a project removes memberships and names the users that changed', async () => {
    await store.create('project', { id: 'p3', name: 'Three', data: {} });
    await store.patch('user', 'u1', { projectIds: ['p1', 'p3'] });
    expect((await store.delete('project', 'p3')).changedKeys).toEqual(['project:p3', 'user:u1']);
    expect((await store.get('user', 'u1')).projectIds).toEqual(['p1']);
  });

  it('inserts in bulk', async () => {
    await store.insertMany('template', [
      { id: 'bulk-1', name: 'one', data: { n: 1 } },
      { id: 'bulk-2', name: 'two', data: { n: 2 } },
    ]);
    expect((await store.get('template', 'bulk-2')).data).toEqual({ n: 2 });
  });

  it('records what every write changed in its own transaction, until the writer settles it', async () => {
    const outbox = harness.module.get(InvalidationOutbox);
    const pending = async () =>
      (await outbox.unsettled(Date.now() + 1, 1000)).filter((write) =>
        write.changedKeys.includes('agent:outboxed'),
      );
    const created = await store.create('agent', { id: 'outboxed', name: 'o', data: {} });
    const patched = await store.patch('agent', 'outboxed', { data: { n: 1 } });
    // A write that changes nothing is not recorded.
    expect((await store.patch('agent', 'outboxed', { data: { n: 1 } })).outboxId).toBeUndefined();
    // Nor one that fails: its transaction rolled back.
    await expect(store.create('agent', { id: 'outboxed', name: 'o', data: {} })).rejects.toThrow();
    expect(await pending()).toEqual([
      { outboxId: created.outboxId, changedKeys: ['agent:outboxed'] },
      { outboxId: patched.outboxId, changedKeys: ['agent:outboxed'] },
    ]);

    await outbox.settle(created.outboxId ?? -1);
    const deleted = await store.delete('agent', 'outboxed');
    expect((await pending()).map((write) => write.outboxId)).toEqual([
      patched.outboxId,
      deleted.outboxId,
    ]);
    expect(await outbox.unsettled(0, 1000)).toEqual([]);
  });

  describe('a write whose signal is aborted before its commit (the write bound passed)', () => {
    const bound = new Error('the write bound passed');

    /** Aborts `deadline` as the write's last statement (its outbox row) has run: just before its commit. */
    function abortingAtTheLastStatement(deadline: AbortController): jest.SpyInstance {
      const outbox = harness.module.get(InvalidationOutbox);
      const record = outbox.record.bind(outbox);
      return jest.spyOn(outbox, 'record').mockImplementation(async (manager, keys) => {
        const id = await record(manager, keys);
        deadline.abort(bound);
        return id;
      });
    }

    it.each([
      ['a create', () => store.exists('agent', 'bounded-new').then(String)],
      ['a patch', async () => JSON.stringify(await store.get('project', 'p1'))],
      ['a delete', () => store.exists('agent', 'bounded-old').then(String)],
      ['a global put', async () => JSON.stringify(await store.getGlobal())],
    ])('rolls %s back, rejecting with the reason: nothing of it happened', async (kind, stored) => {
      await store
        .create('agent', { id: 'bounded-old', name: 'o', data: {} })
        .catch(() => undefined);
      const before = await stored();
      const outbox = harness.module.get(InvalidationOutbox);
      const rows = (await outbox.unsettled(Date.now() + 1, 10_000)).length;
      const deadline = new AbortController();
      const spy = abortingAtTheLastStatement(deadline);
      let statementsRun = 0;
      try {
        const write = {
          'a create': () =>
            store.create('agent', { id: 'bounded-new', name: 'n', data: {} }, deadline.signal),
          'a patch': () => store.patch('project', 'p1', { data: { bounded: 1 } }, deadline.signal),
          'a delete': () => store.delete('agent', 'bounded-old', deadline.signal),
          'a global put': () => store.putGlobal({ bounded: 1 }, deadline.signal),
        }[kind];
        await expect(write?.()).rejects.toBe(bound);
      } finally {
        statementsRun = spy.mock.calls.length;
        spy.mockRestore();
      }
      // It ran to its last statement: only its commit was left.
      expect(statementsRun).toBe(1);
      expect(await stored()).toBe(before);
      expect((await outbox.unsettled(Date.now() + 1, 10_000)).length).toBe(rows);
    });

    it('does not start a write whose signal was aborted while it waited for its turn', async () => {
      const deadline = new AbortController();
      deadline.abort(bound);
      await expect(
        store.create('agent', { id: 'bounded-late', name: 'n', data: {} }, deadline.signal),
      ).rejects.toBe(bound);
      expect(await store.exists('agent', 'bounded-late')).toBe(false);
    });
  });

  it('records events', async () => {
    const events = harness.module.get(EventLog);
    const since = Date.now() - 1;
    await events.record('login', 'u1', 'u1');
    await events.record('checkout', 'b1', null);
    expect((await events.recent(since)).map((event) => event.kind)).toEqual(['login', 'checkout']);
    expect(await events.pruneBefore(Date.now() + 1)).toBeGreaterThanOrEqual(2);
  });
});
