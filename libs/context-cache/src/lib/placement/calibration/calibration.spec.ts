import { TtlPolicy, type VolatilityBand } from '@strata/ttl-policy';
import { openVolatilityService } from '@strata/volatility/testing';
import { calibrationDay, CALIBRATION_DAY_START, CALIBRATION_EVALUATED_AT } from './calibration-day';

type Tally = Record<VolatilityBand, number>;

/**
 * The default bases and thresholds put the calibration day's entities in the bands DESIGN §4
 * intends: what changes often and is read in sessions high, what is not written low.
 * libs/volatility/README.md ("Calibration") shows the table this prints.
 */
describe('calibration of the default bases and thresholds', () => {
  const bands = new Map<string, Tally>();
  const count = (category: string, band: VolatilityBand) => {
    const tally = bands.get(category) ?? { high: 0, medium: 0, low: 0 };
    tally[band] += 1;
    bands.set(category, tally);
  };
  const share = (category: string, band: VolatilityBand) => {
    const tally = bands.get(category) ?? { high: 0, medium: 0, low: 0 };
    return tally[band] / (tally.high + tally.medium + tally.low);
  };

  beforeAll(async () => {
    let now = CALIBRATION_DAY_START;
    const opened = await openVolatilityService({
      databaseUrl: 'sqlite::memory:',
      clock: { now: () => now },
    });
    const policy = new TtlPolicy();
    const updates = new Map<string, number>();
    const read = new Set<string>();
    for (const event of calibrationDay().filter((event) => event.at <= CALIBRATION_EVALUATED_AT)) {
      now = event.at;
      if (event.kind === 'login') {
        opened.service.recordLogin(event.userId);
      } else if (event.kind === 'write') {
        opened.service.recordUpdate(event.key);
        updates.set(event.key, (updates.get(event.key) ?? 0) + 1);
      } else {
        opened.service.recordAccess(event.key, event.userId);
        read.add(event.key);
      }
    }
    now = CALIBRATION_EVALUATED_AT;
    for (const key of new Set([...read, ...updates.keys()])) {
      const type = key.slice(0, key.indexOf(':'));
      const written = updates.get(key) ?? 0;
      const activity =
        written >= 6
          ? '6+ writes'
          : written >= 2
            ? '2-5 writes'
            : written === 1
              ? '1 write'
              : 'unwritten';
      count(
        `${type}, ${activity}`,
        policy.nominalPlacement(type, opened.service.scoreOf(key).score).band,
      );
    }
    await opened.close();
    if (process.env['STRATA_PRINT_CALIBRATION']) {
      const rows = [...bands].sort(([a], [b]) => a.localeCompare(b));
      console.log(
        rows
          .map(([category, t]) => `| ${category} | ${t.high} | ${t.medium} | ${t.low} |`)
          .join('\n'),
      );
    }
  });

  it('puts busy tasks high (hot, 60 s)', () => {
    expect(share('task, 6+ writes', 'high')).toBeGreaterThanOrEqual(0.9);
  });

  it('puts tasks written a few times mostly in medium, hardly any high', () => {
    expect(share('task, 2-5 writes', 'medium')).toBeGreaterThanOrEqual(0.75);
    expect(share('task, 2-5 writes', 'high')).toBeLessThanOrEqual(0.05);
  });

  it('puts unwritten tasks low', () => {
    expect(share('task, unwritten', 'low')).toBeGreaterThanOrEqual(0.9);
  });

  it('puts every untouched template and agent low', () => {
    expect(share('template, unwritten', 'low')).toBe(1);
    expect(share('agent, unwritten', 'low')).toBe(1);
  });
});
