// The operators' page: reads /v1/cache/kpis, /alerts, /stats and /warming with the key kept in
// this tab's sessionStorage, and redraws every few seconds. No framework; uPlot draws the charts.
(function () {
  'use strict';

  const KEY_STORAGE = 'strata.apiKey';
  const HISTORY_SECONDS = 3600;
  const refreshSeconds = Math.max(
    1,
    Number(new URLSearchParams(location.search).get('refresh')) || 5,
  );
  const TIERS = ['hot', 'warm', 'cold'];
  // KPIs: the api's own last hour (sampled every 30 s), then this page's samples. Bytes: this
  // page's samples while it is open.
  const kpiHistory = { time: [], hitRate: [], response: [] };
  const bytesHistory = { time: [], hot: [], warm: [], cold: [] };
  const charts = {};

  const $ = (selector) => document.querySelector(selector);
  const text = (value) => document.createTextNode(String(value));

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    (children || []).forEach((child) =>
      node.append(typeof child === 'string' ? text(child) : child),
    );
    return node;
  }

  function formatKpi(value, unit) {
    if (value === null || value === undefined) return '—';
    return unit === 'ms' ? `${value.toFixed(1)} ms` : `${(value * 100).toFixed(1)}%`;
  }

  const ratio = (part, whole) => (whole > 0 ? part / whole : null);
  const percent = (value) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
  const bytes = (value) => {
    if (value >= 1048576) return `${(value / 1048576).toFixed(1)} MB`;
    if (value >= 1024) return `${(value / 1024).toFixed(1)} KB`;
    return `${value} B`;
  };

  async function read(path) {
    const key = sessionStorage.getItem(KEY_STORAGE);
    const response = await fetch(path, { headers: key ? { 'x-api-key': key } : {} });
    if (response.status === 401 || response.status === 403) {
      const error = new Error('a read key is needed: type it above');
      error.auth = true;
      throw error;
    }
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return response.json();
  }

  function renderKpis(report) {
    $('#kpi-window').textContent = `over the last ${report.windowSeconds} s; since start below`;
    const cards = report.kpis.map((kpi) => {
      const state = kpi.met === null ? 'no-data' : kpi.met ? 'met' : 'not-met';
      const side = kpi.comparison === 'atLeast' ? '≥' : '≤';
      return element(
        'div',
        {
          class: `kpi ${state}`,
          'data-kpi': kpi.name,
          'data-value': String(kpi.value),
          'data-met': String(kpi.met),
        },
        [
          element('div', { class: 'name' }, [kpi.name]),
          element('div', { class: 'value' }, [formatKpi(kpi.value, kpi.unit)]),
          element('div', { class: 'target' }, [
            `target ${side} ${formatKpi(kpi.target, kpi.unit)} — ${state === 'no-data' ? 'no data' : state.replace('-', ' ')}`,
          ]),
          element('div', { class: 'total' }, [
            `since start ${formatKpi(kpi.sinceStart.value, kpi.unit)}`,
          ]),
        ],
      );
    });
    $('#kpis').replaceChildren(...cards);
  }

  function renderAlerts(list) {
    const rows = list.alerts.map((alert) => {
      const labels = Object.entries(alert.labels)
        .map(([name, value]) => `${name}=${value}`)
        .join(' ');
      return element(
        'tr',
        { class: alert.state, 'data-rule': alert.rule, 'data-state': alert.state },
        [
          element('td', {}, [alert.state]),
          element('td', {}, [alert.severity]),
          element('td', {}, [labels ? `${alert.rule} ${labels}` : alert.rule]),
          element('td', {}, [new Date(alert.since).toLocaleString()]),
          element('td', {}, [alert.summary]),
        ],
      );
    });
    if (rows.length === 0) {
      rows.push(
        element('tr', {}, [
          element('td', { colspan: '5', class: 'empty' }, ['no alert has fired']),
        ]),
      );
    }
    $('#alerts tbody').replaceChildren(...rows);
  }

  function budgetCell(held, budget) {
    const share = ratio(held, budget);
    const bar = element('span', { class: `bar${share !== null && share > 0.9 ? ' high' : ''}` }, [
      element('span'),
    ]);
    bar.firstChild.style.width = `${Math.min(100, (share || 0) * 100)}%`;
    return element('td', {}, [bar, `${bytes(held)} / ${budget > 0 ? bytes(budget) : '—'}`]);
  }

  function renderTiers(stats) {
    const rows = TIERS.map((name) => {
      const tier = stats.tiers[name];
      return element('tr', { 'data-tier': name }, [
        element('td', {}, [tier.configured ? name : `${name} (off)`]),
        element('td', { class: 'num', 'data-field': 'hitRate' }, [
          percent(ratio(tier.hits, tier.hits + tier.misses)),
        ]),
        element('td', { class: 'num', 'data-field': 'entries' }, [String(tier.entries)]),
        budgetCell(tier.bytes, tier.budgetBytes),
        element('td', { class: 'num' }, [String(tier.evictions)]),
        element('td', { class: 'num' }, [String(tier.promotions)]),
        element('td', { class: 'num' }, [String(tier.demotions)]),
        element('td', {}, [tier.circuit || '—']),
      ]);
    });
    $('#tiers tbody').replaceChildren(...rows);
  }

  function renderTypes(stats) {
    const rows = Object.entries(stats.types)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, type]) =>
        element('tr', { 'data-type': name }, [
          element('td', {}, [name]),
          element('td', { class: 'num', 'data-field': 'requests' }, [String(type.requests)]),
          element('td', { class: 'num', 'data-field': 'hitRate' }, [
            percent(ratio(type.hits, type.requests)),
          ]),
          element('td', { class: 'num' }, [String(type.staleServed)]),
          element('td', { class: 'num', 'data-field': 'loads' }, [String(type.loads)]),
          ...TIERS.map((tier) => element('td', { class: 'num' }, [bytes(type.tiers[tier].bytes)])),
        ]),
      );
    $('#types tbody').replaceChildren(...rows);
  }

  // GET /v1/cache/warming's figures, in the order an operator reads them.
  const WARMING_COLUMNS = [
    ['proposed', 'proposed'],
    ['dropped', 'turned away'],
    ['present', 'skipped'],
    ['warmed', 'warmed'],
    ['succeeded', 'read'],
    ['wasted', 'wasted'],
    ['pending', 'pending'],
    ['statements', 'statements'],
  ];

  function renderWarming(warming) {
    const target = $('#warming');
    if (warming === undefined) {
      target.replaceChildren(
        element('p', { class: 'empty' }, ['this api does not report warming']),
      );
      return;
    }
    // The strategies that run here, and any other that did (on-demand once asked).
    const shown = Object.entries(warming.strategies).filter(
      ([, figures]) => figures.enabled || figures.proposed > 0,
    );
    const head = element('tr', {}, [
      element('th', {}, ['strategy']),
      ...WARMING_COLUMNS.map(([, label]) => element('th', {}, [label])),
      element('th', {}, ['success']),
    ]);
    const rows = shown.map(([name, figures]) =>
      element('tr', { 'data-strategy': name }, [
        element('td', {}, [figures.enabled ? name : `${name} (off)`]),
        ...WARMING_COLUMNS.map(([field]) =>
          element('td', { class: 'num', 'data-field': field }, [String(figures[field])]),
        ),
        element('td', { class: 'num', 'data-field': 'successRate' }, [
          percent(figures.successRate === undefined ? null : figures.successRate),
        ]),
      ]),
    );
    const summary = element('p', { id: 'warming-queue' }, [
      `queue ${warming.queue.depth} of ${warming.queue.capacity} · ` +
        `${warming.inFlight} of ${warming.concurrency} loads in flight · ` +
        `success ${percent(warming.successRate === undefined ? null : warming.successRate)}`,
    ]);
    target.replaceChildren(
      summary,
      element('table', {}, [element('thead', {}, [head]), element('tbody', {}, rows)]),
    );
  }

  function chart(id, series) {
    const container = $(`#${id}`);
    const width = Math.max(260, container.clientWidth || 300);
    return new uPlot(
      {
        width,
        height: 140,
        legend: { show: series.length > 1 },
        series: [{}, ...series],
        axes: [{}, { size: 50 }],
      },
      [[], ...series.map(() => [])],
      container,
    );
  }

  function trim(series, now) {
    while (series.time.length > 0 && series.time[0] < now - HISTORY_SECONDS) {
      Object.values(series).forEach((values) => values.shift());
    }
  }

  function pushKpis(time, values) {
    kpiHistory.time.push(time);
    kpiHistory.hitRate.push(values.hitRate);
    kpiHistory.response.push(values.averageResponseMs);
  }

  async function loadKpiHistory() {
    const { points } = await read('/v1/cache/kpis/history');
    points.forEach((point) => pushKpis(Date.parse(point.at) / 1000, point.values));
  }

  function record(report, stats) {
    const now = Date.now() / 1000;
    pushKpis(now, Object.fromEntries(report.kpis.map((kpi) => [kpi.name, kpi.value])));
    bytesHistory.time.push(now);
    TIERS.forEach((tier) => bytesHistory[tier].push(stats.tiers[tier].bytes));
    trim(kpiHistory, now);
    trim(bytesHistory, now);
    charts.hitRate.setData([kpiHistory.time, kpiHistory.hitRate]);
    charts.response.setData([kpiHistory.time, kpiHistory.response]);
    charts.bytes.setData([bytesHistory.time, ...TIERS.map((tier) => bytesHistory[tier])]);
  }

  let settings = { keyRequired: false, warmingReport: false };
  let historyLoaded = false;

  async function refresh() {
    if (settings.keyRequired && !sessionStorage.getItem(KEY_STORAGE)) {
      $('#status').textContent = 'a read key is needed: type it above';
      $('#api-key').focus();
      return;
    }
    try {
      if (!historyLoaded) {
        await loadKpiHistory();
        historyLoaded = true;
      }
      const [report, alerts, stats, warming] = await Promise.all([
        read('/v1/cache/kpis'),
        read('/v1/cache/alerts'),
        read('/v1/cache/stats'),
        settings.warmingReport ? read('/v1/cache/warming') : undefined,
      ]);
      renderKpis(report);
      renderAlerts(alerts);
      renderTiers(stats);
      renderTypes(stats);
      renderWarming(warming);
      record(report, stats);
      document.body.dataset.updated = report.measuredAt;
      $('#status').textContent =
        `updated ${new Date().toLocaleTimeString()}, every ${refreshSeconds} s`;
    } catch (error) {
      $('#status').textContent = error.message;
      if (error.auth) $('#api-key').focus();
    }
  }

  $('#key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('#api-key').value.trim();
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
    $('#api-key').value = '';
    void refresh();
  });

  charts.hitRate = chart('chart-hit-rate', [{ label: 'hit rate', stroke: '#1b7f3b' }]);
  charts.response = chart('chart-response', [{ label: 'ms', stroke: '#b36b00' }]);
  charts.bytes = chart('chart-bytes', [
    { label: 'hot', stroke: '#b3261e' },
    { label: 'warm', stroke: '#b36b00' },
    { label: 'cold', stroke: '#1f5fa8' },
  ]);
  fetch('/dashboard/settings')
    .then((response) => response.json())
    .then((served) => {
      settings = served;
    })
    .finally(() => {
      void refresh();
      setInterval(() => void refresh(), refreshSeconds * 1000);
    });
})();
