import { FakeClock } from '../core/clock';
import type { InvalidationMessage } from '../core/invalidation-bus';
import { MemoryBusNetwork, type MemoryBusTransport } from '../testing/memory-bus-network';
import { BroadcastInvalidationBus } from './broadcast-invalidation-bus';
import { decodeEnvelope } from './bus-envelope';

const HEARTBEAT_MS = 1_000;

function replicas() {
  const clock = new FakeClock();
  const network = new MemoryBusNetwork();
  const open = (origin: string) => {
    const transport = network.transport();
    const bus = new BroadcastInvalidationBus({
      transport,
      clock,
      origin,
      heartbeatMs: HEARTBEAT_MS,
    });
    const received: InvalidationMessage[] = [];
    let missed = 0;
    bus.subscribe((message) => received.push(message));
    bus.onMissed(() => (missed += 1));
    return {
      bus,
      transport,
      received,
      missedSinceStart: () => missed,
    };
  };
  const a = open('a');
  const b = open('b');
  return { clock, network, a, b };
}

/** Moves time on by whole heartbeats, ticking every bus as its timer would. */
function beat(clock: FakeClock, times: number, ...buses: BroadcastInvalidationBus[]) {
  for (let beat = 0; beat < times; beat++) {
    clock.advance(HEARTBEAT_MS);
    buses.forEach((bus) => bus.tick());
  }
}

describe('BroadcastInvalidationBus', () => {
  it('delivers another origin’s invalidations, not its own, with origin and lag', async () => {
    const { clock, a, b } = replicas();
    await a.bus.publish({ kind: 'dependency', dependency: 'task:1', origin: 'ignored' });

    expect(b.received).toEqual([{ kind: 'dependency', dependency: 'task:1', origin: 'a' }]);
    expect(a.received).toEqual([]);
    expect(b.bus.stats()).toMatchObject({ received: 1, gaps: 0, lastLagMs: 0, state: 'up' });
    expect(a.bus.stats()).toMatchObject({ published: 1, stateSince: clock.now() });
  });

  it('carries the stamps an invalidation left in the shared tiers, and drops malformed ones', async () => {
    const { network, a, b } = replicas();
    const appliedAt = { 'redis:strata:': 12, 'db:test': 4 };
    await a.bus.publish({ kind: 'key', key: 'task:1', origin: 'a', appliedAt });
    network.deliver(
      JSON.stringify({
        event: 'invalidate',
        origin: 'c',
        seq: 1,
        sentAt: 0,
        scope: { kind: 'key', key: 'task:2' },
        appliedAt: { redis: 'twelve' },
      }),
    );

    expect(b.received).toEqual([
      { kind: 'key', key: 'task:1', origin: 'a', appliedAt },
      { kind: 'key', key: 'task:2', origin: 'c' },
    ]);
  });

  it('numbers messages per origin and stamps them, on a channel of this format version', async () => {
    const { network, a } = replicas();
    const sent: string[] = [];
    const spy = jest.spyOn(network, 'deliver').mockImplementation((text) => sent.push(text));
    await a.bus.publish({ kind: 'key', key: 'task:1', origin: 'a' });
    await a.bus.publish({ kind: 'type', type: 'task', origin: 'a' });
    spy.mockRestore();

    expect(sent.map(decodeEnvelope)).toEqual([
      expect.objectContaining({
        event: 'invalidate',
        origin: 'a',
        seq: 1,
        scope: { kind: 'key', key: 'task:1' },
      }),
      expect.objectContaining({
        event: 'invalidate',
        origin: 'a',
        seq: 2,
        sentAt: expect.any(Number),
      }),
    ]);
  });

  it('sees a hole in an origin’s sequence and says the hot tier is suspect', async () => {
    const { network, a, b } = replicas();
    const atStart = b.missedSinceStart();
    await a.bus.publish({ kind: 'key', key: 'task:1', origin: 'a' });
    network.lose(1);
    await a.bus.publish({ kind: 'key', key: 'task:2', origin: 'a' });
    expect(b.missedSinceStart()).toBe(atStart);

    await a.bus.publish({ kind: 'key', key: 'task:3', origin: 'a' });

    expect(b.missedSinceStart()).toBe(atStart + 1);
    expect(b.bus.stats()).toMatchObject({ gaps: 1, received: 2, state: 'degraded' });
    expect(b.received.map((message) => message.kind === 'key' && message.key)).toEqual([
      'task:1',
      'task:3',
    ]);
  });

  it('sees the loss of an origin’s last message from its next heartbeat', async () => {
    const { clock, network, a, b } = replicas();
    await a.bus.publish({ kind: 'key', key: 'task:1', origin: 'a' });
    network.lose(1);
    await a.bus.publish({ kind: 'key', key: 'task:2', origin: 'a' });
    const before = b.missedSinceStart();

    beat(clock, 1, a.bus);

    expect(b.missedSinceStart()).toBe(before + 1);
    expect(b.bus.stats().gaps).toBe(1);
  });

  it('takes an origin that falls silent for lost, and one that says goodbye for gone', async () => {
    const { clock, a, b, network } = replicas();
    const c = new BroadcastInvalidationBus({
      transport: network.transport(),
      clock,
      origin: 'c',
      heartbeatMs: HEARTBEAT_MS,
    });
    beat(clock, 1, a.bus, b.bus, c);
    expect(b.bus.stats().origins).toBe(2);
    const before = b.missedSinceStart();

    await c.close();
    beat(clock, 5, b.bus);
    // a is still alive but no longer ticking here: it falls silent.
    expect(b.bus.stats()).toMatchObject({ originsLost: 1, origins: 0 });
    expect(b.missedSinceStart()).toBe(before + 1);
  });

  it('is down while its transport is, and drops the hot tier when it is back', async () => {
    const { clock, a, b } = replicas();
    const before = b.missedSinceStart();
    clock.advance(10);
    (b.transport as MemoryBusTransport).disconnect();
    const cutAt = clock.now();
    clock.advance(2_000);

    expect(b.bus.downSince()).toBe(cutAt);
    expect(b.bus.stats()).toMatchObject({ state: 'down', stateSince: cutAt });
    await expect(b.bus.publish({ kind: 'key', key: 'x', origin: 'b' })).rejects.toThrow();
    expect(b.bus.stats().publishFailures).toBe(1);

    b.transport.connect();

    expect(b.bus.downSince()).toBeUndefined();
    expect(b.bus.stats()).toMatchObject({ state: 'degraded', reconnects: 1 });
    expect(b.missedSinceStart()).toBe(before + 1);
    beat(clock, 4, a.bus, b.bus);
    expect(b.bus.stats().state).toBe('up');
  });

  it('is down from its last echo when its own messages stop coming back (a paused server)', () => {
    const { clock, network, a } = replicas();
    beat(clock, 1, a.bus);
    const lastEcho = clock.now();
    network.lose(Number.MAX_SAFE_INTEGER);

    beat(clock, 3, a.bus);
    expect(a.bus.downSince()).toBeUndefined();
    beat(clock, 1, a.bus);

    expect(a.bus.downSince()).toBe(lastEcho);
    network.heal();
    beat(clock, 1, a.bus);
    expect(a.bus.downSince()).toBeUndefined();
    expect(a.bus.stats().reconnects).toBe(1);
  });

  it('counts what does not parse and ignores it', () => {
    const { network, b } = replicas();
    network.deliver('{"event":"invalidate","origin":"x","seq":1}');
    network.deliver('not json');
    expect(b.bus.stats()).toMatchObject({ malformed: 2, received: 0 });
    expect(b.received).toEqual([]);
  });
});
