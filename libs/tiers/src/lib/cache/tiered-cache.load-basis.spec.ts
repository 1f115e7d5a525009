import type { PlacementPolicy } from '../core/placement-policy';
import { createTestCache } from '../testing/create-test-cache';
import type { LoadBasis } from './strata-cache';

/** Contexts live in warm (shared); `local` entries in the hot tier only. */
const placement: PlacementPolicy = {
  place: ({ type }) => ({ tier: type === 'local' ? 'hot' : 'warm', ttlSeconds: 600 }),
};

const branch = {
  type: 'context',
  dependencies: ['git_branch:1', 'project:1', 'global'],
};
const task = { type: 'context', dependencies: ['task:1'] };

/** A loader that builds on `parent` through the basis, and resolves when `finish` is called. */
function gatedChild(parent: string) {
  let finish: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  const seen: Array<string | undefined> = [];
  const load = async (basis: LoadBasis) => {
    seen.push(await basis.sharedValue(parent));
    await gate;
    return `built on ${seen.at(-1)}`;
  };
  return { load, seen, finish };
}

describe('TieredCache: loads built on shared entries (LoadBasis)', () => {
  it('hands a loader a fresh shared entry, and the entry built on it depends on what that one did', async () => {
    const { cache, warm } = createTestCache({ placement });
    await cache.getOrLoad('context:branch:1', async () => 'branch', branch);
    await cache.idle();

    const child = gatedChild('context:branch:1');
    const answer = cache.getOrLoad('context:task:1', child.load, task);
    child.finish();
    await expect(answer).resolves.toMatchObject({
      json: '"built on \\"branch\\""',
      source: 'miss',
    });
    await cache.idle();
    expect(child.seen).toEqual(['"branch"']);
    expect((await cache.entryInfo('context:task:1'))?.dependencies).toEqual([
      'task:1',
      'git_branch:1',
      'project:1',
      'global',
    ]);

    // A write of the project (a dependency of the branch's context only) removes the task's too.
    await cache.invalidate('project:1');
    expect(await warm.get('context:task:1')).toBeUndefined();
  });

  it('never hands out what only the hot tier holds: another replica’s write reaches it by the bus', async () => {
    const { cache, hot } = createTestCache({ placement });
    await cache.getOrLoad('local:1', async () => 'local', { type: 'local', dependencies: [] });
    expect(hot.get('local:1')).toBeDefined();

    const child = gatedChild('local:1');
    const answer = cache.getOrLoad('context:task:1', child.load, task);
    child.finish();
    await answer;
    expect(child.seen).toEqual([undefined]);
  });

  it('does not store a value whose basis a write invalidated while it loaded', async () => {
    const { cache, warm } = createTestCache({ placement });
    await cache.getOrLoad('context:branch:1', async () => 'branch', branch);
    await cache.idle();

    const child = gatedChild('context:branch:1');
    const answer = cache.getOrLoad('context:task:1', child.load, task);
    await new Promise(setImmediate);
    expect(child.seen).toEqual(['"branch"']);
    await cache.invalidate('project:1');
    child.finish();
    await answer;
    await cache.idle();

    expect(await warm.get('context:task:1')).toBeUndefined();
    expect(await cache.entryInfo('context:task:1')).toBeUndefined();
  });

  it('does not store a value whose basis was deleted by key while it loaded', async () => {
    const { cache, warm } = createTestCache({ placement });
    await cache.getOrLoad('context:branch:1', async () => 'branch', branch);
    await cache.idle();

    const child = gatedChild('context:branch:1');
    const answer = cache.getOrLoad('context:task:1', child.load, task);
    await new Promise(setImmediate);
    await cache.delete('context:branch:1');
    child.finish();
    await answer;
    await cache.idle();
    expect(await warm.get('context:task:1')).toBeUndefined();

    // The next read loads again, now with nothing to build on.
    const again = gatedChild('context:branch:1');
    const reread = cache.getOrLoad('context:task:1', again.load, task);
    again.finish();
    await expect(reread).resolves.toMatchObject({ source: 'miss' });
    expect(again.seen).toEqual([undefined]);
  });

  it('hands out nothing expired', async () => {
    const { cache, clock } = createTestCache({ placement });
    await cache.getOrLoad('context:branch:1', async () => 'branch', branch);
    await cache.idle();
    clock.advance(600_001);

    const child = gatedChild('context:branch:1');
    const answer = cache.getOrLoad('context:task:1', child.load, task);
    child.finish();
    await answer;
    expect(child.seen).toEqual([undefined]);
  });

  it('builds nothing on a hot copy another replica’s write has not reached yet', async () => {
    const first = createTestCache({ placement });
    // A second replica over the same shared tiers, whose bus never hears the first one.
    const second = createTestCache({
      placement,
      clock: first.clock,
      warm: first.warm,
      cold: first.cold,
      replicaId: 'replica-b',
    });
    await first.cache.getOrLoad('context:branch:1', async () => 'branch', branch);
    await first.cache.idle();
    for (let read = 0; read < 3; read++) {
      await second.cache.getOrLoad('context:branch:1', async () => 'loaded again', branch);
    }
    await second.cache.idle();
    expect(second.hot.get('context:branch:1')).toBeDefined();

    await first.cache.invalidate('project:1');
    const child = gatedChild('context:branch:1');
    const answer = second.cache.getOrLoad('context:task:1', child.load, task);
    child.finish();
    await answer;
    expect(second.hot.get('context:branch:1')).toBeDefined();
    expect(child.seen).toEqual([undefined]);
  });
});
