import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createTestDatabase,
  databaseTargetsForTests,
  redisUrlForTests,
} from '@strata/database/testing';
import { systemClock } from '../../core/clock';
import type { InvalidationMessage } from '../../core/invalidation-bus';
import { OwnRedisServer } from '../../testing/own-redis-server';
import { BroadcastInvalidationBus } from '../broadcast-invalidation-bus';
import { busChannel } from '../bus-envelope';
import type { BusTransport } from '../bus-transport';
import { PostgresBusTransport } from './postgres-bus-transport';
import { RedisBusTransport } from './redis-bus-transport';
import { SqliteLogTransport } from './sqlite-log-transport';

/** Polls until the condition holds, for at most `ms`. */
async function eventually(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await sleep(5);
  }
}

/** Two processes' buses, as two buses over two transports of the same kind. */
function pair(transports: [BusTransport, BusTransport]) {
  const buses = transports.map(
    (transport, index) =>
      new BroadcastInvalidationBus({
        transport,
        clock: systemClock,
        origin: `replica-${index}`,
        heartbeatMs: 100,
      }),
  );
  const received: InvalidationMessage[] = [];
  buses[1].subscribe((message) => received.push(message));
  return {
    sender: buses[0],
    receiver: buses[1],
    received,
    close: () => Promise.all(buses.map((bus) => bus.close())),
  };
}

/** What every transport must do, driven through the bus above it. */
async function deliversBothWays(transports: [BusTransport, BusTransport]): Promise<void> {
  const { sender, receiver, received, close } = pair(transports);
  try {
    await eventually(() => sender.downSince() === undefined && receiver.downSince() === undefined);
    for (let index = 0; index < 20; index++) {
      await sender.publish({ kind: 'key', key: `task:${index}`, origin: 'replica-0' });
    }
    await eventually(() => received.length === 20);
    expect(received.map((message) => message.kind === 'key' && message.key)).toEqual(
      Array.from({ length: 20 }, (_, index) => `task:${index}`),
    );
    expect(receiver.stats()).toMatchObject({ gaps: 0, received: 20, malformed: 0 });
    await eventually(() => receiver.stats().origins === 1);
  } finally {
    await close();
  }
}

describe('SqliteLogTransport', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'strata-bus-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const transport = (file: string, channel = busChannel()) =>
    new SqliteLogTransport({ file, channel, pollMs: 2, retentionMs: 60_000 });

  it('carries invalidations between two connections of one file, in order', async () => {
    const file = join(directory, 'bus.sqlite');
    await deliversBothWays([transport(file), transport(file)]);
  });

  it('keeps format versions apart by channel', async () => {
    const file = join(directory, 'bus.sqlite');
    const { sender, received, close } = pair([transport(file, 'v1'), transport(file, 'v2')]);
    try {
      await sender.publish({ kind: 'key', key: 'task:1', origin: 'x' });
      await sleep(50);
      expect(received).toEqual([]);
    } finally {
      await close();
    }
  });

  it('is down while its file cannot be opened, and up again once it can', async () => {
    const bus = new BroadcastInvalidationBus({
      transport: transport(join(directory, 'missing', 'bus.sqlite')),
      clock: systemClock,
      heartbeatMs: 100,
    });
    try {
      await sleep(20);
      expect(bus.downSince()).toBeDefined();
      await expect(bus.publish({ kind: 'key', key: 'k', origin: 'x' })).rejects.toThrow();
    } finally {
      await bus.close();
    }
  });
});

const redisUrl = redisUrlForTests();

(redisUrl ? describe : describe.skip)('RedisBusTransport', () => {
  const channel = busChannel(`strata-test:${randomBytes(6).toString('hex')}:`);

  it('carries invalidations between two connections, in order', async () => {
    await deliversBothWays([
      new RedisBusTransport(redisUrl ?? '', channel),
      new RedisBusTransport(redisUrl ?? '', channel),
    ]);
  });

  it('is down while its own Redis is killed, reconnects when it is back, and drops the hot tier', async () => {
    // A port below Linux's ephemeral range (32768-60999), where an outgoing connection's local port
    // can keep a test's own server from binding.
    const port = 31_200 + Math.floor(Math.random() * 50);
    let server = await OwnRedisServer.start(port);
    const { sender, receiver, received, close } = pair([
      new RedisBusTransport(server.url, channel),
      new RedisBusTransport(server.url, channel),
    ]);
    let missed = 0;
    receiver.onMissed(() => (missed += 1));
    try {
      await eventually(
        () => receiver.downSince() === undefined && sender.downSince() === undefined,
      );
      const missedBefore = missed;
      await server.kill();
      await eventually(() => receiver.downSince() !== undefined);
      expect(receiver.stats().state).toBe('down');

      server = await OwnRedisServer.start(port);
      await eventually(
        () => receiver.downSince() === undefined && sender.downSince() === undefined,
        15_000,
      );
      expect(receiver.stats().reconnects).toBe(1);
      expect(missed).toBe(missedBefore + 1);
      await sender.publish({ kind: 'type', type: 'task', origin: 'x' });
      await eventually(() => received.length === 1);
    } finally {
      await close();
      await server.kill();
    }
  });
});

(redisUrl ? describe : describe.skip)('RedisBusTransport, its Redis paused', () => {
  it('is down from its last echo while Redis hangs, and back by itself after', async () => {
    // A port below Linux's ephemeral range (32768-60999), where an outgoing connection's local port
    // can keep a test's own server from binding.
    const server = await OwnRedisServer.start(31_250 + Math.floor(Math.random() * 49));
    const channel = busChannel();
    const { sender, receiver, close } = pair([
      new RedisBusTransport(server.url, channel),
      new RedisBusTransport(server.url, channel),
    ]);
    try {
      await eventually(() => receiver.downSince() === undefined && receiver.stats().origins === 1);
      const pausedAt = Date.now();
      server.pause();
      await eventually(() => receiver.downSince() !== undefined);
      // Counted from its last echo, at most a heartbeat before the pause.
      expect(receiver.downSince()).toBeLessThanOrEqual(pausedAt);
      expect(receiver.downSince()).toBeGreaterThan(pausedAt - 1_000);
      await expect(sender.publish({ kind: 'key', key: 'k', origin: 'x' })).rejects.toThrow();

      server.resume();
      await eventually(() => receiver.downSince() === undefined, 15_000);
      expect(receiver.stats().reconnects).toBeGreaterThanOrEqual(1);
    } finally {
      server.resume();
      await close();
      await server.kill();
    }
  });
});

const onPostgres = databaseTargetsForTests().includes('postgres');

(onPostgres ? describe : describe.skip)('PostgresBusTransport', () => {
  it('carries invalidations between two sessions, in order', async () => {
    const database = await createTestDatabase('postgres');
    const channel = busChannel(`${database.schema}:`);
    try {
      await deliversBothWays([
        new PostgresBusTransport({ connectionString: database.url }, channel),
        new PostgresBusTransport({ connectionString: database.url }, channel),
      ]);
    } finally {
      await database.drop();
    }
  });
});
