import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface DashboardAsset {
  contentType: string;
  body: Buffer;
}

const SOURCES = join('apps', 'api', 'src', 'dashboard', 'assets');

/**
 * The dashboard's own files: beside this module in the sources, beside main.js where the build
 * copies them, or, for a bundle made elsewhere in a workspace (the tools' harness, tests), in the
 * sources of that workspace, found by walking up from the bundle.
 */
function ownAssets(): string {
  for (let directory = __dirname; ; directory = dirname(directory)) {
    for (const candidate of [join(directory, 'assets'), join(directory, SOURCES)]) {
      if (existsSync(join(candidate, 'index.html'))) {
        return candidate;
      }
    }
    if (dirname(directory) === directory) {
      throw new Error(
        `the dashboard's files are neither beside ${__dirname} nor in ${SOURCES} above it`,
      );
    }
  }
}

const OWN = ownAssets();

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
