import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where the harness keeps its own bundles of the apps, apart from `npm run build`'s. */
const BUNDLE_DIRECTORY = 'dist/harness';
/** The api's dashboard files, which it reads beside its bundle at start (as the build copies them). */
const API_ASSETS = 'apps/api/src/dashboard/assets';

export interface AppBundles {
  api: string;
  warmer: string;
  /** The demo-data seeder (`npm run seed`). */
  seed: string;
}

const SOURCES: Record<keyof AppBundles, string> = {
  api: 'apps/api/src/main.ts',
  warmer: 'apps/warmer/src/main.ts',
  seed: 'tools/seed/main.ts',
};

/**
 * The api and the warmer bundled from source as `npm run build` bundles them, so that a tool or
 * test runs the code of the working tree, as real processes. Bundled once per process.
 */
export function appBundles(root = workspaceRoot()): AppBundles {
  const bundles: AppBundles = {
    api: join(root, BUNDLE_DIRECTORY, 'api.js'),
    warmer: join(root, BUNDLE_DIRECTORY, 'warmer.js'),
    seed: join(root, BUNDLE_DIRECTORY, 'seed.js'),
  };
  if (!bundledThisProcess) {
    for (const [app, source] of Object.entries(SOURCES) as Array<[keyof AppBundles, string]>) {
      // Written aside and renamed, so that a process starting from the bundle meanwhile (another
      // tool's) never reads half of it.
      const partial = join(
        root,
        BUNDLE_DIRECTORY,
        `.partial-${process.pid}`,
        basename(bundles[app]),
      );
      execFileSync(process.execPath, ['tools/build/bundle.mjs', source, partial], {
        cwd: root,
        stdio: 'inherit',
      });
      renameSync(partial, bundles[app]);
      renameSync(`${partial}.map`, `${bundles[app]}.map`);
      rmSync(dirname(partial), { recursive: true, force: true });
    }
    cpSync(join(root, API_ASSETS), join(root, BUNDLE_DIRECTORY, 'assets'), { recursive: true });
    bundledThisProcess = true;
  }
  for (const bundle of Object.values(bundles)) {
    if (!existsSync(bundle) || statSync(bundle).size === 0) {
      throw new Error(`bundling produced no ${bundle}`);
    }
  }
  return bundles;
}

let bundledThisProcess = false;

/** The folder holding nx.json above this file, whether it runs from source or from a bundle in dist/. */
function workspaceRoot(): string {
  for (let folder = __dirname; folder !== dirname(folder); folder = dirname(folder)) {
    if (existsSync(join(folder, 'nx.json'))) {
      return folder;
    }
  }
  throw new Error(`no nx.json above ${__dirname}`);
}
