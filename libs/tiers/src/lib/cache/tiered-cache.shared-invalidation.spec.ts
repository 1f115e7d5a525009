import { InProcessInvalidationBus } from '../bus/in-process-invalidation-bus';
import { FakeClock } from '../core/clock';
import { createTestCache } from '../testing/create-test-cache';
import { InMemoryHotTierStore } from '../testing/in-memory-hot-tier-store';
import { InMemoryPersistentTierStore } from '../testing/in-memory-persistent-tier-store';

const task = { type: 'task', dependencies: ['task:1'] };

/**
 * Two replicas over one warm tier that goes down and comes back, each with its own breaker: the
 * writer's may still be cooling down when the other's has closed (PostgreSQL alone after a
 * pause), and the tier must not serve the other what the writer's write removed.
 */
function twoReplicas() {
  const clock = new FakeClock();
  const state = { down: false };
  const warm = new InMemoryPersistentTierStore({
    tier: 'warm',
    clock,
    beforeCall: async () => {
      if (state.down) {
        throw new Error('warm tier unreachable');
      }
    },
  });
  const bus = new InProcessInvalidationBus();
  const replica = (replicaId: string) =>
    createTestCache({
      clock,
      warm,
      cold: undefined,
      bus,
      replicaId,
      hot: new InMemoryHotTierStore(clock),
      promotionThreshold: 1,
    }).cache;
  return { clock, state, warm, writer: replica('a'), reader: replica('b') };
}

describe('TieredCache: a write whose delete a shared tier missed', () => {
  it('deletes in a tier that answers again although its breaker is still open', async () => {
    const { state, warm, writer, reader } = twoReplicas();
    await writer.getOrLoad('task:1', async () => 'v1', task);
    await writer.idle();

    state.down = true;
    for (let read = 0; read < 3; read++) {
      await writer.get(`task:${read + 10}`);
    }
    expect((await writer.stats()).tiers.warm.circuit).toBe('open');
    state.down = false;

    await writer.invalidate('task:1');
    expect(await warm.get('task:1')).toBeUndefined();
    await expect(reader.get('task:1')).resolves.toBeUndefined();
    expect((await writer.stats()).tiers.warm.circuit).toBe('closed');
  });

  it('replays a delete the tier missed while down as soon as it answers, and tells the other replicas, which drop what they read from it before', async () => {
    const { state, warm, writer, reader } = twoReplicas();
    await writer.getOrLoad('task:1', async () => 'v1', task);
    await writer.idle();

    state.down = true;
    await writer.invalidate('task:1');
    state.down = false;
    // The reader's breaker never opened: it reads the old value the tier still holds, and keeps
    // it in its hot tier.
    await expect(reader.get('task:1')).resolves.toEqual({ json: '"v1"', source: 'warm' });
    await expect(reader.get('task:1')).resolves.toEqual({ json: '"v1"', source: 'hot' });

    // The writer's next write to the tier (of another key) finds it back and replays the miss.
    await writer.invalidate('task:2');
    await writer.idle();
    await new Promise(setImmediate);
    expect(await warm.get('task:1')).toBeUndefined();
    await expect(reader.get('task:1')).resolves.toBeUndefined();
  });
});
