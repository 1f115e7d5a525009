/// <reference lib="dom" />
// The page functions below run in the browser.
import { AlertService, KpiService } from '@strata/observability';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openApiTestApp, seedHierarchy, SEEDED, type ApiTestApp } from './api-test-app';

/**
 * The dashboard in a real browser: Debian's headless Chromium opens /dashboard on a running api
 * with traffic, and what the page shows equals /v1/cache/kpis and /v1/cache/stats.
 */
const CHROMIUM = '/usr/bin/chromium';
const PORT = 48020;
const READ_KEY = 'dashboard-read-key';
const ADMIN_KEY = 'dashboard-admin-key';
const SCREENSHOT = join(__dirname, '../../../../tmp/dashboard/dashboard.png');

const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env['CI'] === 'true') {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  }
  console.warn(`SKIPPED: the dashboard browser suite (${CHROMIUM} is not installed)`);
}

interface KpiBody {
  name: string;
  value: number | null;
  met: boolean | null;
  unit: 'ratio' | 'ms';
  target: number;
}

/** The page's own formatting, restated: a KPI the page shows differently fails. */
const shown = (value: number | null, unit: 'ratio' | 'ms') => {
  if (value === null) return '—';
  return unit === 'ms' ? `${value.toFixed(1)} ms` : `${(value * 100).toFixed(1)}%`;
};

(available ? describe : describe.skip)('the dashboard in headless Chromium', () => {
  let api: ApiTestApp;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const answered: Array<{ path: string; status: number }> = [];
  const asReader = (path: string) => api.http.get(path).set('x-api-key', READ_KEY).expect(200);

  beforeAll(async () => {
    api = await openApiTestApp('sqlite', {
      listen: PORT,
      apiKeys: `${ADMIN_KEY}:admin,${READ_KEY}:read`,
      env: { STRATA_ALERT_FOR_SECONDS: '0', STRATA_ALERT_EVALUATION_SECONDS: '3600' },
    });
    await seedHierarchy(api.store);
    for (let read = 0; read < 20; read++) {
      await asReader(`/v1/contexts/task/${SEEDED.task}`);
      await asReader(`/v1/projects/${SEEDED.project}`);
    }
    // The api's own history, which the page's charts start from.
    api.app.get(KpiService).sampleHistory();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('response', (response) =>
      answered.push({ path: new URL(response.url()).pathname, status: response.status() }),
    );
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  }, 30_000);

  it('asks for the read key first, keeps it out of the URL, then shows every KPI beside its target as /v1/cache/kpis has it', async () => {
    await page.goto(`http://127.0.0.1:${PORT}/dashboard?refresh=1`);
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent?.includes('read key is needed'),
    );
    expect(await page.locator('[data-kpi]').count()).toBe(0);

    await page.fill('#api-key', READ_KEY);
    await page.click('#key-form button');
    await page.waitForSelector('[data-kpi="warmingSuccess"]');
    expect(page.url()).not.toContain(READ_KEY);
    expect(await page.evaluate(() => sessionStorage.getItem('strata.apiKey'))).toBe(READ_KEY);

    const report = (await asReader('/v1/cache/kpis')).body as { kpis: KpiBody[] };
    // No read happens meanwhile, so the page's latest refresh saw the same figures.
    await page.waitForFunction(
      (expected) =>
        document.querySelector('[data-kpi="hitRate"]')?.getAttribute('data-value') === expected,
      String(report.kpis[0].value),
    );
    for (const kpi of report.kpis) {
      const card = page.locator(`[data-kpi="${kpi.name}"]`);
      expect(await card.getAttribute('data-value')).toBe(String(kpi.value));
      expect(await card.getAttribute('data-met')).toBe(String(kpi.met));
      expect(await card.locator('.value').textContent()).toBe(shown(kpi.value, kpi.unit));
      expect(await card.locator('.target').textContent()).toContain(shown(kpi.target, kpi.unit));
      const colour = kpi.met === null ? 'no-data' : kpi.met ? 'met' : 'not-met';
      expect(await card.getAttribute('class')).toBe(`kpi ${colour}`);
    }
    expect(report.kpis.find((kpi) => kpi.name === 'hitRate')?.met).toBe(true);
  }, 60_000);

  it('shows the tiers and types as /v1/cache/stats counts them, and draws the charts', async () => {
    const stats = (await asReader('/v1/cache/stats')).body;
    await page.waitForFunction(
      (requests) =>
        document.querySelector('[data-type="context"] [data-field="requests"]')?.textContent ===
        requests,
      String(stats.types.context.requests),
    );
    for (const tier of ['hot', 'warm', 'cold']) {
      expect(await page.locator(`[data-tier="${tier}"] [data-field="entries"]`).textContent()).toBe(
        String(stats.tiers[tier].entries),
      );
    }
    for (const [type, figures] of Object.entries<{ requests: number; loads: number }>(
      stats.types,
    )) {
      const row = page.locator(`[data-type="${type}"]`);
      expect(await row.locator('[data-field="requests"]').textContent()).toBe(
        String(figures.requests),
      );
      expect(await row.locator('[data-field="loads"]').textContent()).toBe(String(figures.loads));
    }
    await page.waitForFunction(() => document.querySelectorAll('.uplot canvas').length === 3);
    // The KPI charts start from the api's own history.
    expect(answered).toContainEqual({ path: '/v1/cache/kpis/history', status: 200 });
  }, 60_000);

  it('shows warming by strategy as GET /v1/cache/warming has it', async () => {
    await api.http
      .post('/v1/cache/warm')
      .set('x-api-key', ADMIN_KEY)
      .send({ keys: [`agent:${SEEDED.agent}`, `user:${SEEDED.user}`] })
      .expect(200);
    await asReader(`/v1/agents/${SEEDED.agent}`);
    const warming = (await asReader('/v1/cache/warming')).body as {
      strategies: Record<string, Record<string, number | boolean>>;
      queue: { depth: number; capacity: number };
    };
    expect(warming.strategies['on-demand']).toMatchObject({ warmed: 2, succeeded: 1 });
    await page.waitForFunction(
      () =>
        document.querySelector('[data-strategy="on-demand"] [data-field="succeeded"]')
          ?.textContent === '1',
    );
    const shownStrategies = await page
      .locator('[data-strategy]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-strategy')));
    const expected = Object.entries(warming.strategies)
      .filter(([, figures]) => figures['enabled'] === true || Number(figures['proposed']) > 0)
      .map(([name]) => name);
    expect(shownStrategies).toEqual(expected);
    for (const name of expected) {
      const row = page.locator(`[data-strategy="${name}"]`);
      for (const field of ['proposed', 'dropped', 'present', 'warmed', 'succeeded', 'wasted']) {
        expect({
          name,
          field,
          shown: await row.locator(`[data-field="${field}"]`).textContent(),
        }).toEqual({ name, field, shown: String(warming.strategies[name][field]) });
      }
    }
    expect(
      await page.locator('[data-strategy="on-demand"] [data-field="successRate"]').textContent(),
    ).toBe(shown(Number(warming.strategies['on-demand']['successRate']), 'ratio'));
    expect(await page.locator('#warming-queue').textContent()).toContain(
      `queue ${warming.queue.depth} of ${warming.queue.capacity}`,
    );
  }, 60_000);

  it('lists the hit-rate alert once misses drive the hit rate down, and leaves a screenshot', async () => {
    for (let read = 0; read < 150; read++) {
      await api.http.get(`/v1/tasks/absent-${read}`).set('x-api-key', READ_KEY).expect(404);
    }
    await api.app.get(AlertService).evaluate();
    await page.waitForSelector('tr[data-rule="hitRateLow"][data-state="firing"]', {
      timeout: 15_000,
    });
    await page.waitForFunction(
      () => document.querySelector('[data-kpi="hitRate"]')?.getAttribute('data-met') === 'false',
    );
    expect(await page.locator('[data-kpi="hitRate"]').getAttribute('class')).toBe('kpi not-met');

    await mkdir(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
