import { FakeClock } from '@strata/tiers';
import { KpiHistory } from './kpi-history';
import { KpiRecorder } from './kpi-recorder';
import { kpiReport } from './kpi-report';
import { KpiTallies } from './kpi-tallies';

describe('KpiHistory', () => {
  it('keeps one hour of samples of the window values, oldest dropped first', () => {
    const clock = new FakeClock(0);
    const tallies = new KpiTallies(60_000, clock);
    const recorder = new KpiRecorder(tallies);
    const history = new KpiHistory(600);
    for (let sample = 0; sample < 8; sample++) {
      recorder.answered({ type: 'task', source: sample % 2 === 0 ? 'hot' : 'miss', seconds: 0.01 });
      history.record(kpiReport(tallies, clock.now()));
      clock.advance(600_000);
    }
    const points = history.list();
    expect(points).toHaveLength(6);
    expect(points[0].at).toBe(new Date(2 * 600_000).toISOString());
    expect(points.map((point) => point.values.hitRate)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(points[0].values.averageResponseMs).toBeCloseTo(10, 6);
    expect(points[0].values.warmingSuccess).toBeNull();
  });
});
