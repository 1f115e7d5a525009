import { FakeClock } from '@strata/tiers';
import { KpiRecorder } from './kpi-recorder';
import { kpiReport } from './kpi-report';
import { KpiTallies } from './kpi-tallies';

function setUp(windowSeconds = 300) {
  const clock = new FakeClock(0);
  const tallies = new KpiTallies(windowSeconds * 1000, clock);
  const recorder = new KpiRecorder(tallies);
  const kpi = (name: string) => {
    const found = kpiReport(tallies, clock.now()).kpis.find((each) => each.name === name);
    if (!found) throw new Error(`no KPI ${name}`);
    return found;
  };
  return { clock, recorder, kpi };
}

describe('kpiReport', () => {
  it('has every DESIGN §7 KPI beside its target, with nothing measured yet as null', () => {
    const { kpi } = setUp();
    expect(
      ['hitRate', 'averageResponseMs', 'queryReduction', 'memoryEfficiency', 'warmingSuccess'].map(
        (name) => [name, kpi(name).target, kpi(name).value, kpi(name).met],
      ),
    ).toEqual([
      ['hitRate', 0.85, null, null],
      ['averageResponseMs', 50, null, null],
      ['queryReduction', 0.75, null, null],
      ['memoryEfficiency', 0.9, null, null],
      ['warmingSuccess', 0.95, null, null],
    ]);
  });

  it('hit rate and response time over the window, with the totals since start beside them', () => {
    const { clock, recorder, kpi } = setUp(60);
    for (let read = 0; read < 10; read++) {
      recorder.answered({ type: 'task', source: 'miss', seconds: 0.2 });
    }
    clock.advance(120_000);
    for (let read = 0; read < 9; read++) {
      recorder.answered({ type: 'task', source: 'hot', loadCost: 1, seconds: 0.001 });
    }
    recorder.answered({ type: 'task', source: 'miss', seconds: 0.031 });

    expect(kpi('hitRate')).toMatchObject({
      value: 0.9,
      met: true,
      windowSeconds: 60,
      sinceStart: { value: 9 / 20, met: false, numerator: 9, denominator: 20 },
    });
    expect(kpi('averageResponseMs').value).toBeCloseTo(4, 6);
    expect(kpi('averageResponseMs').met).toBe(true);
    expect(kpi('averageResponseMs').sinceStart.value).toBeCloseTo((2000 + 9 + 31) / 20, 6);
  });

  it('query reduction sets what the hits would have cost against every statement the source ran', () => {
    const { recorder, kpi } = setUp();
    // Three loads of 4 statements each, then 30 hits on them, plus 8 statements of writes and warming.
    for (let statement = 0; statement < 12 + 8; statement++) recorder.statementRun();
    for (let read = 0; read < 30; read++) {
      recorder.answered({ type: 'context', source: 'warm', loadCost: 4, seconds: 0.002 });
    }
    // A stale answer saved nothing: its load ran (or failed) anyway.
    recorder.answered({ type: 'context', source: 'stale', loadCost: 4, seconds: 1 });
    expect(kpi('queryReduction')).toMatchObject({
      value: 120 / 140,
      met: true,
      numerator: 120,
      denominator: 140,
    });
  });

  it('memory efficiency weighs departures by bytes; warming success counts warmed ones read', () => {
    const { recorder, kpi } = setUp();
    const leave = (bytes: number, read: boolean, warmedBy?: string) =>
      recorder.departed({
        key: 'k',
        type: 'task',
        bytes,
        reason: 'evicted',
        readSinceAdmitted: read,
        ...(warmedBy ? { warmedBy } : {}),
      });
    leave(900, true);
    leave(100, false, 'hourly-active-tasks');
    leave(500, true, 'hourly-active-tasks');
    expect(kpi('memoryEfficiency')).toMatchObject({ value: 1400 / 1500, met: true });
    expect(kpi('warmingSuccess')).toMatchObject({ value: 0.5, met: false, denominator: 2 });
  });
});
