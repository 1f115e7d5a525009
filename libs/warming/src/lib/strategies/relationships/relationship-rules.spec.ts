import { openModules } from '../../testing/warming-modules';

describe('relationship warming', () => {
  let modules: Awaited<ReturnType<typeof openModules>>;
  afterEach(() => modules.moduleRef.close());

  it('re-resolves a project’s active contexts after its update with the new value, never the old', async () => {
    modules = await openModules(['project-update']);
    const { cached, cache, warming, counter } = modules;
    await cached.resolve('task', 't1', 'u1');
    await cached.resolve('branch', 'b1', 'u1');
    await cached.patch('project', 'p1', { data: { lang: 'rust' } });
    await warming.idle();
    const before = counter.count;
    for (const [level, id] of [
      ['task', 't1'],
      ['branch', 'b1'],
    ] as const) {
      const value = await cached.resolve(level, id, 'u1');
      expect(value.source).not.toBe('miss');
      expect(JSON.parse(value.json).data.lang).toBe('rust');
    }
    expect(counter.count).toBe(before);
    expect(warming.stats().strategies['project-update']).toMatchObject({ warmed: 2, succeeded: 2 });
    // Not read in the last hour: not active, not re-resolved.
    expect(await cache.get('context:task:t2')).toBeUndefined();
  });

  it('drops a re-resolution that a later write overtakes, leaving no value older than that write', async () => {
    modules = await openModules(['project-update']);
    const { cached, warming } = modules;
    await cached.resolve('task', 't1', 'u1');
    await cached.patch('project', 'p1', { data: { lang: 'rust' } });
    // The re-resolution is queued or loading; a second write lands before it is read.
    await cached.patch('task', 't1', { data: { lang: 'zig' } });
    await warming.idle();
    const value = await cached.resolve('task', 't1', 'u1');
    expect(JSON.parse(value.json).data.lang).toBe('zig');
  });

  it('a login warms the user’s assigned tasks and projects without any read of them', async () => {
    modules = await openModules(['login']);
    const { cached, triggers, warming } = modules;
    triggers.login('u1');
    await warming.idle();
    for (const [level, id] of [
      ['task', 't1'],
      ['task', 't2'],
      ['project', 'p1'],
    ] as const) {
      expect((await cached.resolve(level, id, 'u1')).source).not.toBe('miss');
    }
    expect(warming.stats().strategies['login']).toMatchObject({ warmed: 3, succeeded: 3 });
  });

  it('a task read warms its branch and assignees; a strategy switched off proposes nothing', async () => {
    modules = await openModules(['task-read']);
    const { cached, cache, triggers, warming } = modules;
    await cached.readEntity('task', 't1', 'u1');
    triggers.checkout('b1');
    await warming.idle();
    expect(await cache.get('git_branch:b1')).toBeDefined();
    expect(await cache.get('user:u1')).toBeDefined();
    expect(warming.stats().strategies['checkout']).toBeUndefined();
  });

  it('a checkout warms the branch’s project, its recent tasks and the team, once per cooldown', async () => {
    modules = await openModules(['checkout']);
    const { cache, triggers, warming, counter } = modules;
    triggers.checkout('b1');
    await warming.idle();
    for (const key of ['context:project:p1', 'context:task:t1', 'context:task:t2', 'user:u1']) {
      expect(await cache.get(key)).toBeDefined();
    }
    const before = counter.count;
    triggers.checkout('b1');
    await warming.idle();
    expect(counter.count).toBe(before);
  });
});
