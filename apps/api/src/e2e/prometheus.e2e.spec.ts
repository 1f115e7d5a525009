import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openApiTestApp, seedHierarchy, SEEDED, type ApiTestApp } from './api-test-app';

/**
 * Debian's Prometheus, for real: it scrapes a running api every second, and what its HTTP API
 * answers (raw counters, and the hit-rate rule's own expression) matches /v1/cache/stats.
 */
const PROMETHEUS = '/usr/bin/prometheus';
const API_PORT = 48010;
const PROMETHEUS_PORT = 48090;
const RULES = join(__dirname, '../../../../docker/prometheus/alerts.yml');

const available = existsSync(PROMETHEUS);
if (!available) {
  if (process.env['CI'] === 'true') {
    throw new Error(`${PROMETHEUS} is missing: apt-get install -y prometheus`);
  }
  console.warn(`SKIPPED: the real-Prometheus suite (${PROMETHEUS} is not installed)`);
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

(available ? describe : describe.skip)('a real Prometheus scraping the api', () => {
  let api: ApiTestApp;
  let prometheus: ChildProcess;
  let directory: string;
  let output = '';

  const query = async (expression: string): Promise<Sample[]> => {
    const url = `http://127.0.0.1:${PROMETHEUS_PORT}/api/v1/query?query=${encodeURIComponent(expression)}`;
    const body = (await (await fetch(url)).json()) as {
      status: string;
      data: { result: Sample[] };
    };
    expect(body.status).toBe('success');
    return body.data.result;
  };
  const scalar = async (expression: string) => {
    const [sample] = await query(expression);
    return sample === undefined ? undefined : Number(sample.value[1]);
  };
  /** Waits for a scrape that saw `expected` (Prometheus scrapes every second). */
  const scrapedValue = async (expression: string, expected: number) => {
    let seen: number | undefined;
    for (let attempt = 0; attempt < 60; attempt++) {
      seen = await scalar(expression).catch(() => undefined);
      if (seen === expected) break;
      await sleep(500);
    }
    return seen;
  };
  const stats = async () => (await api.http.get('/v1/cache/stats').expect(200)).body;
  const read = (path: string, times: number) =>
    Array.from({ length: times }).reduce<Promise<unknown>>(
      (previous) => previous.then(() => api.http.get(path).expect(200)),
      Promise.resolve(),
    );

  beforeAll(async () => {
    api = await openApiTestApp('sqlite', { listen: API_PORT });
    await seedHierarchy(api.store);
    directory = await mkdtemp(join(tmpdir(), 'strata-prometheus-'));
    await writeFile(
      join(directory, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: strata',
        `    static_configs: [{ targets: ['127.0.0.1:${API_PORT}'] }]`,
      ].join('\n'),
    );
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(directory, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(directory, 'data')}`,
        `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (chunk) => (output += chunk));
    prometheus.stderr?.on('data', (chunk) => (output += chunk));
  }, 60_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await api?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it('scrapes /metrics, and its counters equal /v1/cache/stats', async () => {
    // Every series exists before the first scrape, so that rates see them from their start.
    await read(`/v1/contexts/task/${SEEDED.task}`, 3);
    await read(`/v1/tasks/${SEEDED.task}`, 3);
    expect(await scrapedValue('up{job="strata"}', 1)).toBe(1);

    await read(`/v1/contexts/project/${SEEDED.project}`, 20);
    await read(`/v1/agents/${SEEDED.agent}`, 10);
    const figures = await stats();

    expect(
      await scrapedValue('sum(strata_cache_requests_total{job="strata"})', figures.requests),
    ).toBe(figures.requests);
    expect(await scalar('sum(strata_cache_requests_total{tier=~"hot|warm|cold"})')).toBe(
      figures.hits,
    );
    expect(await scalar('sum(strata_cache_requests_total{tier="miss"})')).toBe(
      figures.misses - figures.staleServed,
    );
    expect(await scalar('strata_source_statements_total')).toBe(figures.source.queries);
    expect(await scalar('sum(strata_source_loads_total)')).toBe(figures.loads);
    expect(await scalar('strata_cache_bytes{tier="hot",type="context"}')).toBe(
      figures.types.context.tiers.hot.bytes,
    );
    expect(await scalar('strata_cache_budget_bytes{tier="warm",type="context"}')).toBe(
      figures.types.context.tiers.warm.budgetBytes,
    );
    expect(output).not.toMatch(/level=error/);
  }, 90_000);

  it('the rates and the hit-rate rule’s expression, as Prometheus evaluates them, match the counts', async () => {
    const before = await stats();
    expect(await scrapedValue('sum(strata_cache_requests_total)', before.requests)).toBe(
      before.requests,
    );
    // Two more scrapes, so a 1-minute rate has points on either side of the new reads.
    await read(`/v1/contexts/project/${SEEDED.project}`, 30);
    for (let miss = 0; miss < 10; miss++) {
      await api.http.get(`/v1/tasks/not-there-${miss}`).expect(404);
    }
    const after = await stats();
    expect(await scrapedValue('sum(strata_cache_requests_total)', after.requests)).toBe(
      after.requests,
    );

    const rates = await query('rate(strata_cache_requests_total[1m])');
    expect(rates.length).toBeGreaterThan(0);
    expect(rates.some(({ value }) => Number(value[1]) > 0)).toBe(true);

    // The hit-rate rule's expression from alerts.yml, without its threshold.
    const rule = (await readFile(RULES, 'utf8')).match(/expr: \|\n((?:\s{10}.*\n)+?)\s+< 0\.75/);
    expect(rule).not.toBeNull();
    const hitRate = (rule?.[1] ?? '').replaceAll('[5m]', '[1m]').trim();
    const ratio = await scalar(hitRate);
    // Over the last minute: every read of this suite so far, as /v1/cache/stats counts them
    // (rate extrapolates each series alike, so the ratio of increases is kept).
    const inWindow = after.hits / after.requests;
    expect(ratio).toBeDefined();
    expect(Math.abs((ratio ?? 0) - inWindow)).toBeLessThan(0.03);
  }, 90_000);
});
