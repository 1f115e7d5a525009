import { AlertService, KpiService } from '@strata/observability';
import { openApiTestApp, seedHierarchy, SEEDED, type ApiTestApp } from './api-test-app';

interface KpiBody {
  name: string;
  value: number | null;
  met: boolean | null;
  target: number;
  numerator: number;
  denominator: number;
  windowSeconds: number;
  sinceStart: { value: number | null; numerator: number; denominator: number };
}

describe('KPIs and alerts in the api', () => {
  let api: ApiTestApp;

  const kpis = async () => {
    const { body } = await api.http.get('/v1/cache/kpis').expect(200);
    return Object.fromEntries((body.kpis as KpiBody[]).map((kpi) => [kpi.name, kpi]));
  };
  const stats = async () => (await api.http.get('/v1/cache/stats').expect(200)).body;

  beforeAll(async () => {
    api = await openApiTestApp('sqlite', {
      env: { STRATA_KPI_WINDOW_SECONDS: '120', STRATA_ALERT_FOR_SECONDS: '0' },
    });
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  it('lists every DESIGN §7 KPI beside its target over the configured window', async () => {
    const report = await kpis();
    expect(
      Object.values(report).map(({ name, target, windowSeconds }) => [name, target, windowSeconds]),
    ).toEqual([
      ['hitRate', 0.85, 120],
      ['averageResponseMs', 50, 120],
      ['queryReduction', 0.75, 120],
      ['memoryEfficiency', 0.9, 120],
      ['warmingSuccess', 0.95, 120],
    ]);
  });

  it('counts the reads /v1/cache/stats counts, and the statements saved as the hits’ measured load cost', async () => {
    const before = { kpis: await kpis(), stats: await stats() };
    await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
    const loaded = await stats();
    const loadCost = loaded.source.queries - before.stats.source.queries;
    expect(loadCost).toBeGreaterThan(0);
    for (let read = 0; read < 9; read++) {
      const again = await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
      expect(again.headers['x-cache']).not.toBe('miss');
    }
    const after = { kpis: await kpis(), stats: await stats() };

    const delta = (name: string, field: 'numerator' | 'denominator') =>
      after.kpis[name][field] - before.kpis[name][field];
    expect(delta('hitRate', 'denominator')).toBe(after.stats.requests - before.stats.requests);
    expect(delta('hitRate', 'numerator')).toBe(after.stats.hits - before.stats.hits);
    expect([delta('hitRate', 'numerator'), delta('hitRate', 'denominator')]).toEqual([9, 10]);
    // Saved: nine hits on an entry whose load ran `loadCost` statements. Run: every statement the
    // source ran meanwhile (the load's).
    expect(delta('queryReduction', 'numerator')).toBe(9 * loadCost);
    expect(delta('queryReduction', 'denominator') - delta('queryReduction', 'numerator')).toBe(
      after.stats.source.queries - before.stats.source.queries,
    );
    const { queryReduction } = after.kpis;
    expect(queryReduction.value).toBeCloseTo(queryReduction.numerator / queryReduction.denominator);
    expect(after.kpis['averageResponseMs'].value).toBeGreaterThan(0);
  });

  it('fires the hit-rate alert when the hit rate falls below 75%, lists it, and resolves it', async () => {
    const alerts = api.app.get(AlertService);
    // 9 hits in 10 reads so far: 20 misses take the window's hit rate to 9/30.
    for (let read = 0; read < 20; read++) {
      await api.http.get(`/v1/tasks/missing-${read}`).expect(404);
    }
    await alerts.evaluate();
    const firing = (await api.http.get('/v1/cache/alerts').expect(200)).body;
    expect(firing.alerts).toEqual([
      expect.objectContaining({ rule: 'hitRateLow', severity: 'warning', state: 'firing' }),
    ]);
    expect(Date.parse(firing.alerts[0].since)).not.toBeNaN();

    // 100 hits take it to 109/130, above 75% again.
    for (let read = 0; read < 100; read++) {
      await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
    }
    await alerts.evaluate();
    const resolved = (await api.http.get('/v1/cache/alerts').expect(200)).body;
    expect(resolved.alerts).toEqual([
      expect.objectContaining({ rule: 'hitRateLow', state: 'resolved' }),
    ]);
  }, 120_000);

  it('exports on /metrics the requests by tier and the statements /v1/cache/stats counts', async () => {
    await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
    const figures = await stats();
    const text = (await api.http.get('/metrics').expect(200)).text;
    const samples = (name: string) =>
      [...text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm'))].map(
        ([, labels, value]) => ({ labels: labels ?? '', value: Number(value) }),
      );
    const sum = (name: string, labelled = '') =>
      samples(name)
        .filter(({ labels }) => labels.includes(labelled))
        .reduce((total, { value }) => total + value, 0);
    expect(sum('strata_cache_requests_total')).toBe(figures.requests);
    expect(sum('strata_cache_requests_total', 'tier="miss"')).toBe(
      figures.misses - figures.staleServed,
    );
    expect(sum('strata_source_statements_total')).toBe(figures.source.queries);
    expect(sum('strata_cache_budget_bytes', 'tier="hot",type="context"')).toBe(
      figures.types.context.tiers.hot.budgetBytes,
    );
  });

  it('keeps the last hour of the KPIs’ window values for the dashboard’s charts', async () => {
    const service = api.app.get(KpiService);
    service.sampleHistory();
    const now = await kpis();
    service.sampleHistory();
    const { body } = await api.http.get('/v1/cache/kpis/history').expect(200);
    expect(body.sampleSeconds).toBe(30);
    const latest = body.points[body.points.length - 1];
    expect(latest.values.hitRate).toBe(now['hitRate'].value);
    expect(latest.values.queryReduction).toBe(now['queryReduction'].value);
  });
});
