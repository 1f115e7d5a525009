// Bundles one TypeScript entry point into a single CommonJS file; npm packages stay external.
// Usage: node tools/build/bundle.mjs <entry.ts> <outfile.js>
import { build } from 'esbuild';
import { transform } from '@swc/core';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const swcOptions = require('./swc-options.js');

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: node tools/build/bundle.mjs <entry.ts> <outfile.js>');
  process.exit(2);
}

const decoratorMetadata = {
  name: 'swc-decorator-metadata',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const { code } = await transform(source, { filename: args.path, ...swcOptions('es6') });
      return { contents: code, loader: 'js' };
    });
  },
};

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  tsconfig: 'tsconfig.base.json',
  sourcemap: true,
  keepNames: true,
  logLevel: 'warning',
  plugins: [decoratorMetadata],
});
