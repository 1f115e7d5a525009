import { TtlPolicy, DEFAULT_TTL_POLICY_CONFIG, seededRandom } from '@strata/ttl-policy';
import { openVolatilityService } from '@strata/volatility/testing';
import type { VolatilityService } from '@strata/volatility';
import { AdaptivePlacementPolicy } from './adaptive-placement-policy';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 0, 5, 9, 0, 0);

/**
 * The seed's first promise (issue 9): data that changes rapidly gets a short TTL. The real
 * VolatilityService on a fake clock, the default bases and band thresholds, no jitter.
 */
describe('placement of written keys with the default calibration', () => {
  let now: number;
  let opened: Awaited<ReturnType<typeof openVolatilityService>>;
  let volatility: VolatilityService;
  let policy: AdaptivePlacementPolicy;

  beforeEach(async () => {
    now = START;
    opened = await openVolatilityService({
      databaseUrl: 'sqlite::memory:',
      clock: { now: () => now },
    });
    volatility = opened.service;
    policy = new AdaptivePlacementPolicy(
      volatility,
      new TtlPolicy(DEFAULT_TTL_POLICY_CONFIG, () => 0.5),
    );
  });

  afterEach(() => opened.close());

  it('puts a task PATCHed 40 times in a minute, and its context, high: hot, 60 s and 300 s', () => {
    for (let write = 0; write < 40; write++) {
      now += 1.5 * SECOND;
      volatility.recordUpdate('task:t1');
    }
    expect(policy.place({ key: 'task:t1', type: 'task' })).toEqual({
      tier: 'hot',
      ttlSeconds: 60,
      band: 'high',
    });
    expect(policy.place({ key: 'context:task:t1', type: 'context' })).toEqual({
      tier: 'warm',
      ttlSeconds: 300,
      band: 'high',
    });
  });

  it('keeps it high while it is read as often as it is written, in a session or not', () => {
    volatility.recordLogin('u1');
    for (let write = 0; write < 40; write++) {
      now += 1.5 * SECOND;
      volatility.recordUpdate('task:t1');
      volatility.recordAccess('task:t1', 'u1');
      volatility.recordUpdate('task:t2');
      volatility.recordAccess('task:t2');
    }
    expect(now - START).toBe(MINUTE);
    expect(policy.place({ key: 'task:t1', type: 'task' }).band).toBe('high');
    expect(policy.place({ key: 'task:t2', type: 'task' }).band).toBe('high');
  });

  it('leaves a task read all morning in sessions but never written low: 600 s', () => {
    const random = seededRandom(3);
    volatility.recordLogin('u1');
    for (let read = 0; read < 200; read++) {
      now += Math.round(-Math.log(1 - random()) * MINUTE);
      volatility.recordAccess('task:t1', 'u1');
    }
    expect(policy.place({ key: 'task:t1', type: 'task' })).toEqual({
      tier: 'warm',
      ttlSeconds: 600,
      band: 'low',
    });
  });

  it('lets a task written in a burst yesterday fall back to low', () => {
    for (let write = 0; write < 40; write++) {
      now += 1.5 * SECOND;
      volatility.recordUpdate('task:t1');
    }
    now += 25 * HOUR;
    expect(policy.place({ key: 'task:t1', type: 'task' }).band).toBe('low');
  });
});
