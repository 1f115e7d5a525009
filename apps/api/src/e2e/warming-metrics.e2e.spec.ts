import { WarmingService } from '@strata/warming';
import { openApiTestApp, seedHierarchy, SEEDED, type ApiTestApp } from './api-test-app';

/** Figure of the ledger (`/v1/cache/stats` → warming.strategies) → its /metrics counter. */
const COUNTERS = {
  proposed: 'strata_warming_proposed_total',
  dropped: 'strata_warming_dropped_total',
  present: 'strata_warming_skipped_total',
  warmed: 'strata_warming_warmed_total',
  overtaken: 'strata_warming_overtaken_total',
  failed: 'strata_warming_failed_total',
  statements: 'strata_warming_statements_total',
  succeeded: 'strata_warming_succeeded_total',
  wasted: 'strata_warming_wasted_total',
  pending: 'strata_warming_pending_entries',
} as const;

/** `name{strategy="…"} value` lines of a /metrics text, by name and strategy. */
function byStrategy(text: string): Record<string, Record<string, number>> {
  const found: Record<string, Record<string, number>> = {};
  for (const [, name, strategy, value] of text.matchAll(
    /^(strata_warming_\w+)\{strategy="([^"]+)"\} (\S+)$/gm,
  )) {
    (found[name] ??= {})[strategy] = Number(value);
  }
  return found;
}

const unlabelled = (text: string, name: string) =>
  Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

describe('warming on /metrics in the api', () => {
  let api: ApiTestApp;
  const settle = () => api.app.get(WarmingService).idle();

  beforeAll(async () => {
    api = await openApiTestApp('sqlite', { env: { STRATA_WARMING_STRATEGIES: 'all' } });
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  it('equals the ledger /v1/cache/stats reports, strategy by strategy, after real warming', async () => {
    // A login warms the user's task contexts; reading one is that strategy's success.
    await api.http.post(`/v1/users/${SEEDED.user}/login`).expect(202);
    await settle();
    expect((await api.http.get(`/v1/contexts/task/${SEEDED.task}`)).headers['x-cache']).not.toBe(
      'miss',
    );
    // A project read warms its branches and tasks (task-read, project-read and more).
    await api.http.get(`/v1/contexts/project/${SEEDED.project}`).expect(200);
    await api.http
      .patch(`/v1/projects/${SEEDED.project}`)
      .send({ data: { step: 2 } })
      .expect(200);
    await settle();

    const { warming } = (await api.http.get('/v1/cache/stats').expect(200)).body;
    const text = (await api.http.get('/metrics').expect(200)).text;
    const exported = byStrategy(text);

    const strategies = Object.keys(warming.strategies);
    expect(strategies).toEqual(expect.arrayContaining(['login', 'project-update']));
    expect(warming.strategies.login.warmed).toBeGreaterThan(0);
    expect(warming.strategies.login.succeeded).toBeGreaterThan(0);
    expect(warming.strategies.login.statements).toBeGreaterThan(0);
    for (const [figure, name] of Object.entries(COUNTERS)) {
      const fromStats = Object.fromEntries(
        strategies.map((strategy) => [strategy, warming.strategies[strategy][figure]]),
      );
      expect({ [name]: exported[name] }).toEqual({ [name]: fromStats });
    }
    expect(unlabelled(text, 'strata_warming_queue_depth')).toBe(warming.queued);
    expect(unlabelled(text, 'strata_warming_queue_capacity')).toBe(warming.queueCapacity);
    expect(unlabelled(text, 'strata_warming_loads_in_flight')).toBe(warming.running);
  });
});
