import { BroadcastInvalidationBus } from '../bus/broadcast-invalidation-bus';
import { FakeClock } from '../core/clock';
import { FixedPlacementPolicy } from '../placement/fixed-placement-policy';
import { createTestCache } from '../testing/create-test-cache';
import { MemoryBusNetwork } from '../testing/memory-bus-network';

const HOT_TASKS = new FixedPlacementPolicy({ task: { tier: 'hot', ttlSeconds: 300 } });
const CAP_MS = 5_000;

/** Two replicas' caches over one in-memory network, each with its own stores; time is fake. */
function twoReplicas() {
  const clock = new FakeClock();
  const network = new MemoryBusNetwork();
  const replica = (origin: string) => {
    const transport = network.transport();
    const bus = new BroadcastInvalidationBus({ transport, clock, origin, heartbeatMs: 1_000 });
    const { cache } = createTestCache({
      clock,
      bus,
      replicaId: origin,
      placement: HOT_TASKS,
      busDownHotTtlMs: CAP_MS,
    });
    let version = 1;
    const read = () =>
      cache.getOrLoad('task:1', async () => ({ version }), {
        type: 'task',
        dependencies: ['task:1'],
      });
    return { cache, bus, transport, read, write: () => (version += 1) };
  };
  return { clock, network, a: replica('a'), b: replica('b') };
}

describe('TieredCache over a broadcast bus', () => {
  it('drops a hot entry another replica invalidated', async () => {
    const { a, b } = twoReplicas();
    expect(await b.read()).toEqual({ json: '{"version":1}', source: 'miss' });
    expect((await b.read()).source).toBe('hot');

    b.write();
    await a.cache.invalidate('task:1');

    expect(await b.read()).toEqual({ json: '{"version":2}', source: 'miss' });
  });

  it('drops every hot entry when the bus may have missed an invalidation (a gap)', async () => {
    const { network, a, b } = twoReplicas();
    await b.read();
    await a.cache.invalidate('project:9');
    network.lose(1);
    b.write();
    await a.cache.invalidate('task:1');
    expect((await b.read()).json).toBe('{"version":1}');

    await a.cache.invalidate('project:9');

    expect(b.bus.stats().gaps).toBe(1);
    expect(await b.read()).toEqual({ json: '{"version":2}', source: 'miss' });
  });

  it('caps what a hot entry answers for while the bus is down, from when it went down', async () => {
    const { clock, b } = twoReplicas();
    await b.read();
    clock.advance(60_000);
    b.transport.disconnect();

    clock.advance(CAP_MS - 1);
    expect((await b.read()).source).toBe('hot');
    clock.advance(1);
    b.write();
    expect(await b.read()).toEqual({ json: '{"version":2}', source: 'miss' });
    // Loaded while down: capped from its load.
    clock.advance(CAP_MS - 1);
    expect((await b.read()).source).toBe('hot');
    clock.advance(1);
    expect((await b.read()).source).toBe('miss');
  });

  it('serves hot entries for their whole TTL again once the bus is back, after dropping them', async () => {
    const { clock, b } = twoReplicas();
    b.transport.disconnect();
    await b.read();
    b.transport.connect();
    expect((await b.read()).source).toBe('miss');

    clock.advance(CAP_MS * 10);
    expect((await b.read()).source).toBe('hot');
    const stats = await b.cache.stats();
    expect(stats.bus).toMatchObject({ transport: 'memory', reconnects: 1, state: 'up' });
  });
});
