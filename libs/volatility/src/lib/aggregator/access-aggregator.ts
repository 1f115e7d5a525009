import { typeOfKey } from '../entity-key-type';
import type { VolatilityConfig } from '../volatility-config';
import type { AccessStats } from './access-stats';
import { BoundedLruMap } from './bounded-lru-map';
import { BoundedPending } from './bounded-pending';
import type { FlushBatch, PendingKeyStats } from './flush-batch';
import { KeyActivity } from './key-activity';

interface UserActivity {
  loginAt?: number;
  lastRead?: { key: string; at: number };
}

interface Counted<T> {
  row: T;
  count: number;
  lastAt: number;
}

const HOUR_MS = 3_600_000;

/** Hour of the day, UTC, without a Date per read. */
const utcHourOf = (at: number) => Math.floor(at / HOUR_MS) % 24;

function countOnce<T>(
  pending: BoundedPending<Counted<T>>,
  key: string,
  row: () => T,
  at: number,
): void {
  pending.upsert(
    key,
    () => ({ row: row(), count: 1, lastAt: at }),
    (counted) => {
      counted.count += 1;
      counted.lastAt = Math.max(counted.lastAt, at);
    },
  );
}

/** How many entries each bounded structure holds: what the memory-bound test measures. */
export interface AggregatorSizes {
  keys: number;
  users: number;
  dirtyKeys: number;
  evictedPending: number;
  typeHours: number;
  keyHours: number;
  readAfter: number;
  logins: number;
  updates: number;
}

/**
 * Accesses, updates and logins, aggregated in memory between flushes, every structure bounded
 * (README, "Memory bound"): keys and users are LRU maps; counters waiting for a flush are capped
 * and count what they drop. Updates are the exception: they are kept exactly, and a flush is
 * requested as soon as enough are pending.
 */
export class AccessAggregator {
  private readonly keys: BoundedLruMap<string, KeyActivity>;
  private readonly users: BoundedLruMap<string, UserActivity>;
  private readonly dirty = new Set<string>();
  /** Pending statistics of keys evicted from memory before their flush. */
  private readonly evicted: BoundedPending<PendingKeyStats>;
  private readonly typeHours: BoundedPending<Counted<{ type: string; hour: number }>>;
  private readonly keyHours: BoundedPending<Counted<{ key: string; hour: number }>>;
  private readonly readAfter: BoundedPending<Counted<{ previousKey: string; nextKey: string }>>;
  private readonly logins: BoundedPending<{ at: number }>;
  private updates: Array<{ key: string; at: number }> = [];

  constructor(private readonly config: VolatilityConfig) {
    const { capacity } = config;
    this.keys = new BoundedLruMap(capacity.keys, (key, activity) => this.evict(key, activity));
    this.users = new BoundedLruMap(capacity.users);
    this.evicted = new BoundedPending(capacity.pendingCounters);
    this.typeHours = new BoundedPending(capacity.pendingCounters);
    this.keyHours = new BoundedPending(capacity.pendingCounters);
    this.readAfter = new BoundedPending(capacity.pendingCounters);
    this.logins = new BoundedPending(capacity.users);
  }

  recordUpdate(key: string, at: number): void {
    this.activityOf(key).recordUpdate(
      at,
      this.config.updatesToSaturate,
      this.config.recentHalfLifeMs,
    );
    this.updates.push({ key, at });
  }

  recordLogin(userId: string, at: number): void {
    const user = this.users.touch(userId, () => ({}));
    user.loginAt = Math.max(at, user.loginAt ?? at);
    this.logins.upsert(
      userId,
      () => ({ at }),
      (login) => (login.at = Math.max(login.at, at)),
    );
  }

  recordAccess(key: string, userId: string | undefined, at: number): void {
    const user = userId === undefined ? undefined : this.users.touch(userId, () => ({}));
    const active = user !== undefined && this.inSession(user, at);
    this.activityOf(key).recordAccess(at, active, this.config.recentHalfLifeMs);
    this.dirty.add(key);
    const type = typeOfKey(key);
    const hour = utcHourOf(at);
    countOnce(this.typeHours, `${type}|${hour}`, () => ({ type, hour }), at);
    countOnce(this.keyHours, `${hour}|${key}`, () => ({ key, hour }), at);
    if (user !== undefined) {
      this.followRead(user, key, at);
    }
  }

  /** The key's in-memory activity, if it is still held; touching nothing. */
  activity(key: string): KeyActivity | undefined {
    return this.keys.peek(key);
  }

  isActiveUser(userId: string, at: number): boolean {
    const user = this.users.peek(userId);
    return user !== undefined && this.inSession(user, at);
  }

  /** Loads what a flush stored, without marking it pending again. */
  restoreStats(key: string, type: string, stats: AccessStats, lastAccessAt: number): void {
    const activity = this.keys.touch(key, () => new KeyActivity(type));
    activity.stats = stats;
    activity.lastAccessAt = lastAccessAt;
  }

  restoreUpdate(key: string, at: number): void {
    this.activityOf(key).recordUpdate(
      at,
      this.config.updatesToSaturate,
      this.config.recentHalfLifeMs,
    );
  }

  restoreLogin(userId: string, at: number): void {
    this.users.touch(userId, () => ({})).loginAt = at;
  }

  /** Updates a failed flush could not store go back in front of the queue, so none is lost. */
  requeueUpdates(updates: FlushBatch['updates']): void {
    this.updates = [...updates, ...this.updates];
  }

  pendingWork(): number {
    return (
      this.updates.length +
      this.dirty.size +
      this.evicted.size +
      this.keyHours.size +
      this.readAfter.size
    );
  }

  /** Counters refused because their pending map was full (a flush came too late). */
  dropped(): number {
    return (
      this.evicted.dropped + this.typeHours.dropped + this.keyHours.dropped + this.readAfter.dropped
    );
  }

  sizes(): AggregatorSizes {
    return {
      keys: this.keys.size,
      users: this.users.size,
      dirtyKeys: this.dirty.size,
      evictedPending: this.evicted.size,
      typeHours: this.typeHours.size,
      keyHours: this.keyHours.size,
      readAfter: this.readAfter.size,
      logins: this.logins.size,
      updates: this.updates.length,
    };
  }

  /** Everything pending, leaving nothing pending; one row per key. */
  drain(): FlushBatch {
    const keyStats = this.evicted.drain();
    for (const key of this.dirty) {
      const activity = this.keys.peek(key);
      const pending = activity?.takePending();
      if (activity && pending) {
        const stats = {
          key,
          type: activity.type,
          ...pending,
          lastAccessAt: activity.lastAccessAt ?? 0,
        };
        const evicted = keyStats.get(key);
        keyStats.set(key, evicted ? this.combineKeyStats(evicted, stats) : stats);
      }
    }
    this.dirty.clear();
    const updates = this.updates;
    this.updates = [];
    return {
      updates,
      keyStats: [...keyStats.values()],
      typeHours: [...this.typeHours.drain().values()].map(({ row, count }) => ({ ...row, count })),
      keyHours: [...this.keyHours.drain().values()].map(({ row, count, lastAt }) => ({
        ...row,
        count,
        lastAt,
      })),
      readAfter: [...this.readAfter.drain().values()].map(({ row, count, lastAt }) => ({
        ...row,
        count,
        lastAt,
      })),
      logins: [...this.logins.drain()].map(([userId, { at }]) => ({ userId, at })),
    };
  }

  private activityOf(key: string): KeyActivity {
    return this.keys.touch(key, () => new KeyActivity(typeOfKey(key)));
  }

  private inSession(user: UserActivity, at: number): boolean {
    return user.loginAt !== undefined && at - user.loginAt < this.config.sessionMs;
  }

  private followRead(user: UserActivity, key: string, at: number): void {
    const previous = user.lastRead;
    if (previous && previous.key !== key && at - previous.at <= this.config.readAfterWindowMs) {
      const previousKey = previous.key;
      countOnce(this.readAfter, `${previousKey}|${key}`, () => ({ previousKey, nextKey: key }), at);
    }
    user.lastRead = { key, at };
  }

  private evict(key: string, activity: KeyActivity): void {
    if (!this.dirty.delete(key)) {
      return;
    }
    const pending = activity.takePending();
    if (pending) {
      const stats = {
        key,
        type: activity.type,
        ...pending,
        lastAccessAt: activity.lastAccessAt ?? 0,
      };
      this.evicted.upsert(
        key,
        () => stats,
        (existing) => Object.assign(existing, this.combineKeyStats(existing, stats)),
      );
    }
  }

  private combineKeyStats(existing: PendingKeyStats, added: PendingKeyStats): PendingKeyStats {
    return {
      ...added,
      stats: existing.stats.plus(added.stats, this.config.recentHalfLifeMs),
      accesses: existing.accesses + added.accesses,
      lastAccessAt: Math.max(existing.lastAccessAt, added.lastAccessAt),
    };
  }
}
