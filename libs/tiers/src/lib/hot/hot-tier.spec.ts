import type { CacheEntry } from '../core/cache-entry';
import { FakeClock } from '../core/clock';
import { hotEntryWeight } from './entry-weight';
import type { HotDeparture } from '../core/tier-store';
import { HotTier } from './hot-tier';

const SECOND = 1000;

function entryAt(
  clock: FakeClock,
  key: string,
  options: Partial<CacheEntry> & { ttlMs?: number; graceMs?: number } = {},
): CacheEntry {
  const { ttlMs = 60 * SECOND, graceMs = 30 * SECOND, ...fields } = options;
  const now = clock.now();
  return {
    key,
    type: key.slice(0, key.indexOf(':')),
    json: JSON.stringify({ key }),
    dependencies: [],
    createdAt: now,
    expiresAt: now + ttlMs,
    staleUntil: now + ttlMs + graceMs,
    ...fields,
  };
}

describe('HotTier', () => {
  let clock: FakeClock;
  let tier: HotTier;

  beforeEach(() => {
    clock = new FakeClock();
    tier = new HotTier({ clock, sweepIntervalMs: 0 });
  });

  afterEach(() => tier.close());

  it('serves an entry until staleUntil, expired ones included, and never after', () => {
    const entry = entryAt(clock, 'task:1', { ttlMs: 60 * SECOND, graceMs: 30 * SECOND });
    tier.set(entry);
    expect(tier.get('task:1')).toBe(entry);
    clock.advance(70 * SECOND); // past expiresAt, within grace: the caller decides it is stale
    expect(tier.get('task:1')).toBe(entry);
    clock.advance(20 * SECOND); // exactly staleUntil
    expect(tier.get('task:1')).toBeUndefined();
    expect(tier.occupancy().entries).toBe(0);
  });

  it('serves an entry to the millisecond before staleUntil within its last second, and not at it', () => {
    clock.set(1_700_000_000_250);
    const entry = entryAt(clock, 'task:1', { ttlMs: 1_500, graceMs: 0 }); // staleUntil …001.750
    tier.set(entry);
    clock.set(1_700_000_001_100); // the same whole second as staleUntil
    expect(tier.get('task:1')).toBe(entry);
    clock.set(1_700_000_001_749);
    expect(tier.get('task:1')).toBe(entry);
    clock.set(1_700_000_001_750);
    expect(tier.get('task:1')).toBeUndefined();
  });

  it('serves an entry whose staleUntil lies beyond what a due second can hold, until that time', () => {
    const far = 2 ** 33 * SECOND; // past 2106, where 32 bits of seconds end
    const entry = entryAt(clock, 'task:far', { staleUntil: far });
    tier.set(entry);
    clock.set(2 ** 32 * SECOND + 5 * SECOND);
    expect(tier.get('task:far')).toBe(entry);
    clock.set(far);
    expect(tier.get('task:far')).toBeUndefined();
  });

  it('sweeps entries past staleUntil without anyone reading them, and keeps the others', () => {
    tier.set(entryAt(clock, 'task:short', { ttlMs: 10 * SECOND, graceMs: 0 }));
    tier.set(entryAt(clock, 'task:long', { ttlMs: 600 * SECOND, graceMs: 0 }));
    tier.set(entryAt(clock, 'user:day', { ttlMs: 86_400 * SECOND, graceMs: 0 }));
    clock.advance(11 * SECOND);
    expect(tier.sweep()).toBe(1);
    expect(tier.occupancy().types['task'].entries).toBe(1);
    clock.advance(600 * SECOND);
    expect(tier.sweep()).toBe(1);
    clock.advance(86_400 * SECOND);
    expect(tier.sweep()).toBe(1);
    expect(tier.occupancy()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('reschedules expiry when an entry is replaced', () => {
    tier.set(entryAt(clock, 'task:1', { ttlMs: 10 * SECOND, graceMs: 0 }));
    tier.set(entryAt(clock, 'task:1', { ttlMs: 100 * SECOND, graceMs: 0, json: '{"v":2}' }));
    clock.advance(50 * SECOND);
    expect(tier.sweep()).toBe(0);
    expect(tier.get('task:1')?.json).toBe('{"v":2}');
    expect(tier.occupancy().entries).toBe(1);
  });

  it('removes every entry built from a dependency, and the entry keyed by it, through the index', () => {
    tier.set(entryAt(clock, 'task:1', { dependencies: [] }));
    tier.set(entryAt(clock, 'context:task:1', { dependencies: ['task:1', 'project:1', 'global'] }));
    tier.set(entryAt(clock, 'context:project:1', { dependencies: ['project:1', 'global'] }));
    tier.set(entryAt(clock, 'context:project:2', { dependencies: ['project:2', 'global'] }));
    expect(tier.deleteByDependency('task:1')).toBe(2);
    expect(tier.get('task:1')).toBeUndefined();
    expect(tier.get('context:task:1')).toBeUndefined();
    expect(tier.deleteByDependency('project:1')).toBe(1);
    expect(tier.get('context:project:2')).toBeDefined();
    expect(tier.deleteByDependency('global')).toBe(1);
    expect(tier.occupancy()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('forgets the dependencies an entry had before it was replaced', () => {
    tier.set(entryAt(clock, 'context:task:1', { dependencies: ['task:1', 'git_branch:1'] }));
    tier.set(entryAt(clock, 'context:task:1', { dependencies: ['task:1', 'git_branch:2'] }));
    expect(tier.deleteByDependency('git_branch:1')).toBe(0);
    expect(tier.deleteByDependency('git_branch:2')).toBe(1);
  });

  it('deletes by key and by type, leaving other types alone', () => {
    tier.set(entryAt(clock, 'task:1'));
    tier.set(entryAt(clock, 'task:2'));
    tier.set(entryAt(clock, 'user:1'));
    expect(tier.delete('task:1')).toBe(true);
    expect(tier.delete('task:1')).toBe(false);
    tier.set(entryAt(clock, 'task:3'));
    expect(tier.deleteByType('task')).toBe(2);
    expect(tier.get('user:1')).toBeDefined();
    expect(tier.occupancy().types['task']).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('keeps each type within its own budget and returns the fresh entries it evicts', () => {
    const sample = entryAt(clock, 'task:00');
    const budget = 10 * hotEntryWeight(sample);
    tier = new HotTier({ clock, sweepIntervalMs: 0, budgetBytesPerType: { task: budget } });
    const evicted: CacheEntry[] = [];
    for (let i = 0; i < 30; i++) {
      evicted.push(...tier.set(entryAt(clock, `task:${String(i).padStart(2, '0')}`)));
    }
    tier.set(entryAt(clock, 'user:1'));
    const { types } = tier.occupancy();
    expect(types['task'].bytes).toBeLessThanOrEqual(budget);
    expect(types['task'].entries).toBe(10);
    expect(types['task'].evictions).toBe(20);
    expect(evicted).toHaveLength(20);
    expect(types['user']).toMatchObject({
      entries: 1,
      budgetBytes: 50 * 1024 * 1024,
      evictions: 0,
    });
  });

  it('does not return evicted entries that had already expired: there is nothing to demote', () => {
    const budget = 3 * hotEntryWeight(entryAt(clock, 'task:0'));
    tier = new HotTier({ clock, sweepIntervalMs: 0, budgetBytesPerType: { task: budget } });
    for (let i = 0; i < 3; i++) tier.set(entryAt(clock, `task:${i}`, { ttlMs: SECOND }));
    clock.advance(2 * SECOND); // expired, still within grace
    const evicted = [4, 5, 6].flatMap((i) => tier.set(entryAt(clock, `task:${i}`)));
    expect(evicted.every((entry) => clock.now() < entry.expiresAt)).toBe(true);
    expect(tier.occupancy().types['task'].evictions).toBeGreaterThan(0);
  });

  it('refuses an entry larger than its type budget and drops the value it would replace', () => {
    tier = new HotTier({ clock, sweepIntervalMs: 0, budgetBytesPerType: { task: 2000 } });
    tier.set(entryAt(clock, 'task:1'));
    expect(tier.set(entryAt(clock, 'task:1', { json: 'x'.repeat(5000) }))).toEqual([]);
    expect(tier.get('task:1')).toBeUndefined();
    expect(tier.occupancy().types['task'].bytes).toBe(0);
  });

  it('counts requests for a key, resident or not, in its frequency', () => {
    expect(tier.frequency('task:1')).toBe(0);
    tier.get('task:1');
    tier.get('task:1');
    expect(tier.frequency('task:1')).toBe(2); // every miss counts
    tier.set(entryAt(clock, 'task:1'));
    for (let i = 0; i < 20; i++) tier.get('task:1');
    // Hits are sampled, each sample standing for several: the estimate grows, to within a sample.
    expect(tier.frequency('task:1')).toBeGreaterThanOrEqual(10);
  });

  it('counts a miss once when the key missed is then stored, and misses of other keys too', () => {
    tier.get('task:1');
    tier.get('task:2');
    tier.set(entryAt(clock, 'task:1'));
    expect(tier.frequency('task:1')).toBe(1);
    expect(tier.frequency('task:2')).toBe(1);
  });

  it('forgets misses nobody acted on once a thousand later ones have come', () => {
    tier.get('task:probed');
    for (let i = 0; i < 1024; i++) tier.get(`task:absent-${i}`);
    expect(tier.frequency('task:probed')).toBe(0);
    expect(tier.frequency('task:absent-1023')).toBe(1);
  });

  it('reports bytes as measured entry sizes plus overhead, per type and in total', () => {
    const task = entryAt(clock, 'task:1', { dependencies: ['project:1'] });
    const user = entryAt(clock, 'user:1');
    tier.set(task);
    tier.set(user);
    const report = tier.occupancy();
    expect(report.types['task'].bytes).toBe(hotEntryWeight(task));
    expect(report.bytes).toBe(hotEntryWeight(task) + hotEntryWeight(user));
    expect(report.budgetBytes).toBe(2 * 50 * 1024 * 1024);
  });

  it('runs the sweep on an unref’d timer that close() clears', () => {
    jest.useFakeTimers();
    try {
      const timed = new HotTier({ clock, sweepIntervalMs: 1000 });
      timed.set(entryAt(clock, 'task:1', { ttlMs: 500, graceMs: 0 }));
      clock.advance(2000);
      jest.advanceTimersByTime(1000);
      expect(timed.occupancy().entries).toBe(0);
      timed.close();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('never lets a freed slot, once reused, serve, expire or invalidate as the entry that left it', () => {
    tier.set(
      entryAt(clock, 'task:old', { ttlMs: 10 * SECOND, graceMs: 0, dependencies: ['project:1'] }),
    );
    tier.delete('task:old');
    tier.set(
      entryAt(clock, 'task:new', { ttlMs: 600 * SECOND, graceMs: 0, dependencies: ['project:2'] }),
    );
    expect(tier.get('task:old')).toBeUndefined();
    expect(tier.deleteByDependency('project:1')).toBe(0);
    clock.advance(20 * SECOND);
    expect(tier.sweep()).toBe(0);
    expect(tier.get('task:new')?.key).toBe('task:new');
    expect(tier.deleteByDependency('project:2')).toBe(1);
  });

  it('does not sweep an entry deleted before its time, whether or not its slot was reused', () => {
    tier.set(entryAt(clock, 'task:1', { ttlMs: 10 * SECOND, graceMs: 0 }));
    tier.set(entryAt(clock, 'task:2', { ttlMs: 10 * SECOND, graceMs: 0 }));
    tier.delete('task:1');
    clock.advance(20 * SECOND);
    expect(tier.sweep()).toBe(1);
    expect(tier.occupancy().entries).toBe(0);
  });

  it('keeps every entry findable as its columns grow past many times their first size', () => {
    for (let i = 0; i < 5000; i++)
      tier.set(entryAt(clock, `task:${i}`, { dependencies: [`project:${i % 7}`] }));
    for (let i = 0; i < 5000; i += 499) expect(tier.get(`task:${i}`)?.key).toBe(`task:${i}`);
    expect(tier.deleteByDependency('project:3')).toBe(Math.ceil((5000 - 3) / 7));
    expect(tier.occupancy().entries).toBe(5000 - Math.ceil((5000 - 3) / 7));
  });

  describe('departures', () => {
    const departed = (departures: HotDeparture[]) =>
      departures.map(
        ({ key, reason, readSinceAdmitted }) =>
          `${key} ${reason}${readSinceAdmitted ? ' read' : ''}`,
      );

    it('does not count a peek as a read: the entry departs unread', () => {
      const departures: HotDeparture[] = [];
      tier = new HotTier({ clock, sweepIntervalMs: 0, onDeparture: (d) => departures.push(d) });
      const warmed = entryAt(clock, 'task:1', { warmedBy: 'login' });
      tier.set(warmed);
      expect(tier.peek('task:1')).toBe(warmed);
      expect(tier.peek('task:2')).toBeUndefined();
      tier.delete('task:1');
      expect(departed(departures)).toEqual(['task:1 invalidated']);
    });

    it('reports every entry that leaves, with its key, type, bytes, reason, whether it was read and who warmed it', () => {
      const budget = 3 * hotEntryWeight(entryAt(clock, 'task:0'));
      const departures: HotDeparture[] = [];
      tier = new HotTier({
        clock,
        sweepIntervalMs: 0,
        budgetBytesPerType: { task: budget },
        onDeparture: (departure) => departures.push(departure),
      });
      const warmed = entryAt(clock, 'user:1', { warmedBy: 'login', ttlMs: 5 * SECOND, graceMs: 0 });
      tier.set(warmed);
      expect(tier.get('user:1')).toBe(warmed);
      clock.advance(6 * SECOND);
      expect(tier.get('user:1')).toBeUndefined(); // expired at read
      expect(departures).toEqual([
        {
          key: 'user:1',
          type: 'user',
          bytes: hotEntryWeight(warmed),
          reason: 'expired',
          readSinceAdmitted: true,
          warmedBy: 'login',
        },
      ]);
      departures.length = 0;

      for (let i = 0; i < 3; i++) tier.set(entryAt(clock, `task:${i}`));
      tier.get('task:1');
      tier.set(entryAt(clock, 'task:1', { json: '{"v":2}' })); // replaced in place
      tier.set(entryAt(clock, 'task:2', { json: 'x'.repeat(10_000) })); // replaced, the new one refused
      tier.delete('task:0');
      tier.set(entryAt(clock, 'context:task:1', { dependencies: ['task:1'] }));
      tier.get('context:task:1');
      tier.deleteByDependency('task:1');
      tier.set(entryAt(clock, 'user:2', { ttlMs: SECOND, graceMs: 0 }));
      clock.advance(2 * SECOND);
      tier.sweep();
      expect(departed(departures)).toEqual([
        'task:1 replaced read',
        'task:2 replaced',
        'task:0 invalidated',
        'context:task:1 invalidated read',
        'task:1 invalidated',
        'user:2 expired',
      ]);
      expect(departures.every((departure) => departure.warmedBy === undefined)).toBe(true);
    });

    it('reports evictions for budget, the offered entry included when admission refuses it', () => {
      const budget = 4 * hotEntryWeight(entryAt(clock, 'task:00'));
      const departures: HotDeparture[] = [];
      tier = new HotTier({ clock, sweepIntervalMs: 0, budgetBytesPerType: { task: budget } });
      tier.onDeparture((departure) => departures.push(departure));
      const returned: CacheEntry[] = [];
      for (let i = 0; i < 20; i++) {
        returned.push(...tier.set(entryAt(clock, `task:${String(i).padStart(2, '0')}`)));
      }
      expect(departures).toHaveLength(16);
      expect(departures.every((departure) => departure.reason === 'evicted')).toBe(true);
      expect(departures.map((departure) => departure.key).sort()).toEqual(
        returned.map((entry) => entry.key).sort(),
      );
      expect(departures.reduce((sum, departure) => sum + departure.bytes, 0)).toBe(
        16 * hotEntryWeight(entryAt(clock, 'task:00')),
      );
      expect(tier.occupancy().types['task'].evictions).toBe(16);
    });

    it('tells the read from the unread however the hits were sampled', () => {
      const departures: HotDeparture[] = [];
      tier = new HotTier({ clock, sweepIntervalMs: 0, onDeparture: (d) => departures.push(d) });
      for (let i = 0; i < 200; i++) tier.set(entryAt(clock, `task:${i}`));
      for (let i = 0; i < 200; i += 3) tier.get(`task:${i}`);
      for (let i = 0; i < 200; i += 3) tier.get(`task:${i}`);
      tier.deleteByType('task');
      expect(departures).toHaveLength(200);
      for (const { key, readSinceAdmitted } of departures) {
        expect(readSinceAdmitted).toBe(Number(key.slice(5)) % 3 === 0);
      }
    });

    it('delivers after the operation, so a listener sees the tier consistent, and stops when unsubscribed', () => {
      const seen: string[] = [];
      const stop = tier.onDeparture((departure) => {
        seen.push(
          `${departure.key} ${tier.occupancy().entries} ${String(tier.get(departure.key))}`,
        );
      });
      tier.set(entryAt(clock, 'task:1', { dependencies: ['project:1'] }));
      tier.set(entryAt(clock, 'task:2', { dependencies: ['project:1'] }));
      tier.deleteByDependency('project:1');
      expect(seen).toEqual(['task:1 0 undefined', 'task:2 0 undefined']);
      stop();
      tier.set(entryAt(clock, 'task:3'));
      tier.delete('task:3');
      expect(seen).toHaveLength(2);
    });

    it('lets every listener hear a departure even when one throws, then rethrows, the tier intact', () => {
      const heard: string[] = [];
      tier.onDeparture(() => {
        throw new Error('listener failed');
      });
      tier.onDeparture((departure) => heard.push(departure.key));
      tier.set(entryAt(clock, 'task:1'));
      expect(() => tier.delete('task:1')).toThrow('listener failed');
      expect(heard).toEqual(['task:1']);
      expect(tier.get('task:1')).toBeUndefined();
      expect(tier.occupancy()).toMatchObject({ entries: 0, bytes: 0 });
    });
  });
});
