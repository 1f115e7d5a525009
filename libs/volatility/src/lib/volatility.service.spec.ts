import {
  createTestDatabase,
  databaseTargetsForTests,
  type TestDatabase,
} from '@strata/database/testing';
import { Test } from '@nestjs/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VolatilityClock } from './clock';
import { openVolatilityService } from './testing/open-volatility-service';
import { VolatilityModule } from './volatility.module';
import type { VolatilityOverrides } from './volatility-config';
import { VolatilityService } from './volatility.service';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

class FakeClock implements VolatilityClock {
  constructor(public current = Date.UTC(2026, 0, 5, 9, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

describe.each(databaseTargetsForTests())('VolatilityService on %s', (kind) => {
  let database: TestDatabase;
  let url: string;
  let clock: FakeClock;
  const opened: Array<Awaited<ReturnType<typeof openVolatilityService>>> = [];

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    // A restart must find the history, so SQLite gets a file rather than memory.
    url =
      kind === 'sqlite'
        ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'volatility-')), 'strata.volatility.sqlite')}`
        : database.url;
    clock = new FakeClock();
  });

  afterEach(async () => {
    for (const service of opened.splice(0)) {
      await service.close();
    }
    await database.drop();
  });

  async function open(config: VolatilityOverrides = {}): Promise<VolatilityService> {
    const handle = await openVolatilityService({
      databaseUrl: url,
      schema: database.schema,
      clock,
      config,
    });
    await handle.service.onModuleInit();
    opened.push(handle);
    return handle.service;
  }

  async function restart(
    service: VolatilityService,
    config: VolatilityOverrides = {},
  ): Promise<VolatilityService> {
    const index = opened.findIndex((handle) => handle.service === service);
    await opened.splice(index, 1)[0].close();
    return open(config);
  }

  it('scores a key with no history at a quarter of its base', async () => {
    const service = await open();
    expect(service.scoreOf('template:t1')).toEqual({
      score: 0.6 / 4,
      inputs: {
        type: 'template',
        base: 0.6,
        f: 0,
        v: 0,
        a: 0,
        updatesInWindow: 0,
        recentUpdates: 0,
        recentAccesses: 0,
      },
    });
    expect(service.scoreOf('global').inputs.type).toBe('context');
  });

  it('saturates f at ten updates in 24 hours, and forgets updates older than that', async () => {
    const service = await open();
    for (let index = 0; index < 5; index++) {
      service.recordUpdate('task:t1');
      clock.advance(MINUTE);
    }
    expect(service.scoreOf('task:t1').inputs.f).toBeCloseTo(0.5);
    for (let index = 0; index < 10; index++) {
      service.recordUpdate('task:t1');
    }
    expect(service.scoreOf('task:t1').inputs).toMatchObject({ f: 1, updatesInWindow: 10 });
    clock.advance(25 * HOUR);
    expect(service.scoreOf('task:t1').inputs.f).toBe(0);
  });

  it('counts the updates of another key for f when told the entry changes through it', async () => {
    const service = await open();
    for (let index = 0; index < 4; index++) {
      service.recordUpdate('task:t1');
    }
    service.recordAccess('context:task:t1');
    expect(service.scoreOf('context:task:t1').inputs.f).toBe(0);
    expect(service.scoreOf('context:task:t1', 'task:t1').inputs).toMatchObject({
      type: 'context',
      f: 0.4,
      recentUpdates: 4,
      // Four updates of its entity count as accesses in a session, the anonymous read does not.
      a: 0.8,
      recentAccesses: 1,
    });
  });

  it('counts each recent update toward a as an access in a session, decayed like the reads', async () => {
    const service = await open();
    for (let index = 0; index < 40; index++) {
      service.recordUpdate('task:t1');
    }
    expect(service.scoreOf('task:t1').inputs).toMatchObject({ a: 1, recentUpdates: 40 });
    for (let index = 0; index < 40; index++) {
      service.recordAccess('task:t1');
    }
    expect(service.scoreOf('task:t1').inputs.a).toBeCloseTo(0.5);
    // An hour later both halved: the share holds; a day later the updates have left f too.
    clock.advance(HOUR);
    expect(service.scoreOf('task:t1').inputs).toMatchObject({ recentUpdates: 20, f: 1 });
    expect(service.scoreOf('task:t1').inputs.a).toBeCloseTo(0.5);
    clock.advance(24 * HOUR);
    expect(service.scoreOf('task:t1').inputs.f).toBe(0);
    expect(service.scoreOf('task:t1').inputs.recentUpdates).toBeCloseTo(20 / 2 ** 24, 9);
  });

  it('counts reads in an active session toward a, until the session ends', async () => {
    const service = await open();
    service.recordLogin('u1');
    service.recordAccess('task:t1', 'u1');
    service.recordAccess('task:t1', 'u2');
    expect(service.scoreOf('task:t1').inputs.a).toBeCloseTo(0.5);
    clock.advance(13 * HOUR);
    service.recordAccess('task:t1', 'u1');
    expect(service.scoreOf('task:t1').inputs.a).toBeLessThan(0.5);
  });

  it('keeps every input across a restart', async () => {
    const service = await open();
    service.recordLogin('u1');
    for (let index = 0; index < 12; index++) {
      service.recordUpdate('task:t1');
      service.recordAccess('task:t1', 'u1');
      clock.advance(index % 2 === 0 ? 1_000 : 20_000);
    }
    const before = service.scoreOf('task:t1');
    expect(before.score).toBeGreaterThan(0.7);
    const restarted = await restart(service);
    const after = restarted.scoreOf('task:t1');
    expect(after.score).toBeCloseTo(before.score, 6);
    expect(after.inputs.updatesInWindow).toBe(10);
    // The session survived too: a read now still counts as active.
    restarted.recordAccess('task:t1', 'u1');
    expect(restarted.scoreOf('task:t1').inputs.a).toBe(1);
  });

  it('flushes on shutdown through the module, and a new module loads it', async () => {
    const moduleOptions = { databaseUrl: url, schema: database.schema, clock };
    const first = await Test.createTestingModule({
      imports: [VolatilityModule.forRoot(moduleOptions)],
    }).compile();
    await first.init();
    first.get(VolatilityService).recordUpdate('project:p1');
    first.get(VolatilityService).recordAccess('project:p1');
    await first.close();
    const second = await Test.createTestingModule({
      imports: [VolatilityModule.forRoot(moduleOptions)],
    }).compile();
    await second.init();
    expect(second.get(VolatilityService).scoreOf('project:p1').inputs).toMatchObject({
      updatesInWindow: 1,
      recentUpdates: 1,
      recentAccesses: 1,
    });
    await second.close();
  });

  it('adds the deltas of two replicas flushing the same key', async () => {
    const one = await open();
    const two = await open();
    one.recordAccess('user:u1');
    two.recordAccess('user:u1');
    await one.flush();
    await two.flush();
    const third = await open();
    expect(third.scoreOf('user:u1').inputs.recentAccesses).toBeCloseTo(2);
  });

  it('flushes by itself once enough is pending', async () => {
    const service = await open({ flushThreshold: 3 });
    service.recordUpdate('task:t1');
    service.recordUpdate('task:t2');
    service.recordUpdate('task:t3');
    // The third update took the batch away before anyone asked for a flush.
    expect(service.memory().updates).toBe(0);
    await service.flush();
    const restarted = await restart(service);
    expect(restarted.scoreOf('task:t3').inputs.updatesInWindow).toBe(1);
  });

  it('stores hour-of-day profiles and what is read after what', async () => {
    const service = await open();
    service.recordAccess('task:t1', 'u1');
    clock.advance(MINUTE);
    service.recordAccess('project:p1', 'u1');
    clock.advance(HOUR);
    service.recordAccess('task:t1', 'u2');
    await service.flush();
    const byType = await service.hourProfile({ type: 'task' });
    expect(byType[9]).toBe(1);
    expect(byType[10]).toBe(1);
    expect((await service.hourProfile({ key: 'project:p1' }))[9]).toBe(1);
    expect(await service.readAfter('task:t1')).toEqual([{ key: 'project:p1', reads: 1 }]);
  });

  it('ranks keys by their reads at an hour of the day and by their reads ever', async () => {
    const service = await open();
    service.recordAccess('context:task:t1', 'u1');
    service.recordAccess('context:task:t2', 'u1');
    service.recordAccess('context:task:t2', 'u2');
    service.recordAccess('task:t3', 'u1');
    clock.advance(HOUR);
    service.recordAccess('context:task:t1', 'u1');
    service.recordAccess('context:task:t1', 'u2');
    service.recordAccess('context:task:t1', 'u3');
    await service.flush();
    expect(await service.hourLeaders('context:', 9, 5)).toEqual([
      { key: 'context:task:t2', reads: 2 },
      { key: 'context:task:t1', reads: 1 },
    ]);
    expect(await service.hourLeaders('context:', 10, 5)).toEqual([
      { key: 'context:task:t1', reads: 3 },
    ]);
    expect(await service.mostAccessed('context', 1)).toEqual([
      { key: 'context:task:t1', reads: 4 },
    ]);
  });

  it('prunes what is older than the retention, and keeps the rest', async () => {
    const service = await open({ retentionMs: 48 * HOUR });
    service.recordUpdate('task:old');
    service.recordAccess('task:old', 'u1');
    service.recordAccess('task:new', 'u1');
    await service.flush();
    clock.advance(72 * HOUR);
    service.recordUpdate('task:new');
    service.recordAccess('task:new', 'u1');
    await service.flush();
    const pruned = await service.prune();
    expect(pruned).toMatchObject({ updates: 1, keyStats: 1, readAfter: 1 });
    const restarted = await restart(service);
    expect(restarted.scoreOf('task:old').inputs.recentAccesses).toBe(0);
    expect(restarted.scoreOf('task:new').inputs.updatesInWindow).toBe(1);
  });
});
