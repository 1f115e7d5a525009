import { createTestCache } from '../testing/create-test-cache';

describe('TieredCache.sweepExpired', () => {
  it('removes from the persistent tiers what is past its grace, and nothing fresh', async () => {
    const { cache, clock, warm, cold } = createTestCache({ graceSeconds: 60 });
    // Fixed placement: tasks live in warm for 300 s, templates in cold for 7200 s.
    await cache.getOrLoad('task:1', async () => 'task', { type: 'task', dependencies: [] });
    await cache.getOrLoad('template:1', async () => 'template', {
      type: 'template',
      dependencies: [],
    });
    // The fills land behind the answers.
    await cache.idle();
    expect(await cache.sweepExpired()).toBe(0);

    clock.advance((300 + 60) * 1000);
    expect(await cache.sweepExpired()).toBe(1);
    expect(await warm.get('task:1')).toBeUndefined();
    expect(await cold.get('template:1')).toBeDefined();
  });
});
