import type { ClientConfig } from 'pg';
import { systemClock, type Clock } from '../core/clock';
import type { InvalidationBus } from '../core/invalidation-bus';
import { BroadcastInvalidationBus } from './broadcast-invalidation-bus';
import { busChannel } from './bus-envelope';
import type { BusTransportKind } from './bus-config';
import type { BusTransport } from './bus-transport';
import { InProcessInvalidationBus } from './in-process-invalidation-bus';
import { PostgresBusTransport } from './transports/postgres-bus-transport';
import { RedisBusTransport } from './transports/redis-bus-transport';
import { SqliteLogTransport } from './transports/sqlite-log-transport';

/** What the bus runs on, resolved (see resolveBusTransport), and how it paces itself. */
export interface InvalidationBusOptions {
  transport: BusTransportKind;
  /** `redis`: the server. */
  redisUrl?: string;
  /** `postgres`: the session's connection (the channel is per database). */
  postgres?: ClientConfig;
  /** `sqlite`: the bus's own file. */
  sqliteFile?: string;
  /** Put before the channel name, so that deployments (or tests) sharing a server stay apart. */
  namespace?: string;
  heartbeatMs: number;
  pollMs: number;
  /** This process's name on the bus (the cache's replica id); unset: random. */
  origin?: string;
  clock?: Clock;
}

/** How long the SQLite log keeps a row: far longer than any receiver that is alive falls behind. */
const LOG_RETENTION_MS = 60_000;

/** How long a process waits at start for its bus to connect before it goes on without. */
const CONNECT_WAIT_MS = 2_000;

export async function createInvalidationBus(
  options: InvalidationBusOptions,
): Promise<InvalidationBus> {
  if (options.transport === 'process') {
    return new InProcessInvalidationBus();
  }
  const bus = new BroadcastInvalidationBus({
    transport: transportFor(options),
    clock: options.clock ?? systemClock,
    heartbeatMs: options.heartbeatMs,
    origin: options.origin,
  });
  await bus.firstDelivery(CONNECT_WAIT_MS);
  return bus;
}

function transportFor(options: InvalidationBusOptions): BusTransport {
  const channel = busChannel(options.namespace);
  switch (options.transport) {
    case 'redis':
      return new RedisBusTransport(required(options.redisUrl, 'a Redis URL'), channel);
    case 'postgres':
      return new PostgresBusTransport(
        required(options.postgres, 'a PostgreSQL connection'),
        channel,
      );
    case 'sqlite':
      return new SqliteLogTransport({
        file: required(options.sqliteFile, 'a SQLite file'),
        channel,
        pollMs: options.pollMs,
        retentionMs: LOG_RETENTION_MS,
      });
    default:
      throw new Error(`no bus transport "${options.transport as string}"`);
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(`the invalidation bus needs ${what}`);
  }
  return value;
}
