import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** One line of a chart: a value per x, or null where it was not measured. */
export interface LineSeries {
  label: string;
  values: readonly (number | null)[];
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  x: readonly number[];
  series: readonly LineSeries[];
  /** Logarithmic axes (values must then be positive). */
  logX?: boolean;
  logY?: boolean;
  width?: number;
  height?: number;
}

/** Debian's Chromium; playwright-core brings no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Headless, offline and quiet: no GPU, no update, sync or background traffic, no first-run work. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf'];

function uplotAsset(file: string): string {
  return readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
}

function page(chart: LineChart, width: number, height: number): string {
  const options = {
    title: chart.title,
    width,
    height,
    // Room on the right for the last x label; a static picture needs no cursor or live legend.
    padding: [16, 56, 0, 8],
    cursor: { show: false },
    legend: { live: false },
    scales: {
      x: { time: false, ...(chart.logX ? { distr: 3 } : {}) },
      y: chart.logY ? { distr: 3 } : {},
    },
    axes: [{ label: chart.xLabel }, { label: chart.yLabel }],
    series: [
      { label: chart.xLabel },
      ...chart.series.map((series, index) => ({
        label: series.label,
        stroke: COLOURS[index % COLOURS.length],
        width: 2,
        points: { show: true, size: 6 },
      })),
    ],
  };
  const data = [chart.x, ...chart.series.map((series) => series.values)];
  // The chart's data travels as JSON in the page itself: nothing is fetched.
  return `<!doctype html><html><head><meta charset="utf-8"><style>${uplotAsset('uPlot.min.css')}
body{margin:0;background:#fff;font-family:sans-serif}#chart{display:inline-block;padding:8px}</style>
<script>${uplotAsset('uPlot.iife.min.js')}</script></head><body><div id="chart"></div><script>
new uPlot(${JSON.stringify(options)}, ${JSON.stringify(data)}, document.getElementById('chart'));
window.rendered = true;
</script></body></html>`;
}

/**
 * Renders a line chart with uPlot in headless Chromium and writes it as a PNG: a fresh profile
 * directory per call, every network request refused.
 */
export async function writeLineChartPng(chart: LineChart, file: string): Promise<void> {
  const width = chart.width ?? 900;
  const height = chart.height ?? 500;
  const profile = mkdtempSync(join(tmpdir(), 'plot-png-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: width + 40, height: height + 120 },
    offline: true,
  });
  try {
    await context.route('**/*', (route) => route.abort());
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.setContent(page(chart, width, height));
    await tab.waitForFunction('window.rendered === true');
    writeFileSync(file, await tab.locator('#chart').screenshot({ type: 'png' }));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
