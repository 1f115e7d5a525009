import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DashboardAsset {
  contentType: string;
  body: Buffer;
}

/** The dashboard's own files (beside this module in the sources, copied beside main.js by the build). */
const OWN = join(__dirname, 'assets');

const FILES: Readonly<Record<string, { path: string; contentType: string }>> = {
  'index.html': { path: join(OWN, 'index.html'), contentType: 'text/html; charset=utf-8' },
  'dashboard.js': {
    path: join(OWN, 'dashboard.js'),
    contentType: 'text/javascript; charset=utf-8',
  },
  'dashboard.css': { path: join(OWN, 'dashboard.css'), contentType: 'text/css; charset=utf-8' },
  // uPlot is a dependency of the app, served from it: no CDN, since operators' networks may be closed.
  'uPlot.iife.min.js': {
    path: require.resolve('uplot/dist/uPlot.iife.min.js'),
    contentType: 'text/javascript; charset=utf-8',
  },
  'uPlot.min.css': {
    path: require.resolve('uplot/dist/uPlot.min.css'),
    contentType: 'text/css; charset=utf-8',
  },
};

export const DASHBOARD_ASSET_NAMES = Object.keys(FILES);

/** Every asset read once at start: the page is small, and a missing file fails the start, not a request. */
export function loadDashboardAssets(): ReadonlyMap<string, DashboardAsset> {
  return new Map(
    Object.entries(FILES).map(([name, { path, contentType }]) => [
      name,
      { contentType, body: readFileSync(path) },
    ]),
  );
}
