import type { PlacementPolicy } from '../core/placement-policy';
import { createTestCache } from '../testing/create-test-cache';
import type { EntryOptions, LoadBasis } from './strata-cache';

/** Contexts live in warm (shared); `local` entries in the hot tier only. */
const placement: PlacementPolicy = {
  place: ({ type }) => ({ tier: type === 'local' ? 'hot' : 'warm', ttlSeconds: 600 }),
};

const project = { type: 'context', dependencies: ['project:1', 'global'] };
const branch: EntryOptions<string> = {
  type: 'context',
  dependencies: ['git_branch:1'],
  dependenciesOf: (value) => [`seen:${value}`],
};
const task = { type: 'context', dependencies: ['task:1'] };

/**
 * A task's loader that builds on the project's shared entry, offers the branch it resolved on
 * its way, and resolves when `finish` is called.
 */
function offeringTask(options: EntryOptions<string> = branch) {
  let finish: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  const load = async (basis: LoadBasis) => {
    const onProject = await basis.sharedValue('context:project:1');
    basis.offer('context:branch:1', `branch on ${onProject}`, options);
    await gate;
    return 'task';
  };
  return { load, finish };
}

describe('TieredCache: entries a load offers on its way (LoadBasis.offer)', () => {
  it('stores an offered value in its shared home tier, depending on what the load built on', async () => {
    const { cache, warm, hot } = createTestCache({ placement });
    await cache.getOrLoad('context:project:1', async () => 'project', project);
    await cache.idle();

    const loading = offeringTask();
    const answer = cache.getOrLoad('context:task:1', loading.load, task);
    loading.finish();
    await expect(answer).resolves.toMatchObject({ json: '"task"', source: 'miss' });
    await cache.idle();

    const offered = await warm.get('context:branch:1');
    expect(offered?.json).toBe('"branch on \\"project\\""');
    expect(offered?.dependencies).toEqual([
      'git_branch:1',
      'seen:branch on "project"',
      'project:1',
      'global',
    ]);
    expect(hot.get('context:branch:1')).toBeUndefined();
    // Read as any entry of the tier is, with nothing loaded.
    const read = await cache.getOrLoad('context:branch:1', async () => 'loaded', branch);
    expect(read).toMatchObject({ source: 'warm', json: '"branch on \\"project\\""' });

    // Invalidated through what it was built on.
    await cache.invalidate('project:1');
    expect(await warm.get('context:branch:1')).toBeUndefined();
  });

  it('stores no offer of a load an invalidation overtook, nor one a write of its own dependency refuses', async () => {
    const overtaken = createTestCache({ placement });
    await overtaken.cache.getOrLoad('context:project:1', async () => 'project', project);
    await overtaken.cache.idle();
    const first = offeringTask();
    const firstAnswer = overtaken.cache.getOrLoad('context:task:1', first.load, task);
    await new Promise(setImmediate);
    await overtaken.cache.invalidate('project:1');
    first.finish();
    await firstAnswer;
    await overtaken.cache.idle();
    expect(await overtaken.warm.get('context:branch:1')).toBeUndefined();
    expect(await overtaken.warm.get('context:task:1')).toBeUndefined();

    // The branch's own entity written while the task loaded: only the offer is outdated.
    const refused = createTestCache({ placement });
    const second = offeringTask();
    const secondAnswer = refused.cache.getOrLoad('context:task:1', second.load, task);
    await new Promise(setImmediate);
    await refused.cache.invalidate('git_branch:1');
    second.finish();
    await secondAnswer;
    await refused.cache.idle();
    expect(await refused.warm.get('context:branch:1')).toBeUndefined();
    expect((await refused.warm.get('context:task:1'))?.json).toBe('"task"');
  });

  it('stores no offer of a warming load: its strategy warms what it chose', async () => {
    const { cache, warm } = createTestCache({ placement });
    const loading = offeringTask();
    loading.finish();
    await expect(
      cache.warm({ key: 'context:task:1', ...task, load: loading.load, strategy: 'login' }),
    ).resolves.toMatchObject({ outcome: 'loaded' });
    await cache.idle();
    expect((await warm.get('context:task:1'))?.warmedBy).toBe('login');
    expect(await warm.get('context:branch:1')).toBeUndefined();
  });

  it('drops an offer whose home is the hot tier: nothing shared would carry it', async () => {
    const { cache, warm, hot } = createTestCache({ placement });
    const loading = offeringTask({ type: 'local', dependencies: [] });
    const answer = cache.getOrLoad('context:task:1', loading.load, task);
    loading.finish();
    await answer;
    await cache.idle();
    expect(hot.get('context:branch:1')).toBeUndefined();
    expect(await warm.get('context:branch:1')).toBeUndefined();
    expect((await warm.get('context:task:1'))?.json).toBe('"task"');
  });
});
