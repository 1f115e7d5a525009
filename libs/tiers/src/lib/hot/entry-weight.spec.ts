import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

function measure(dependencies: number): { heapBytes: number; accountedBytes: number } {
  const output = execFileSync(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      '@swc-node/register',
      join(__dirname, 'entry-weight.measure.ts'),
      String(dependencies),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, SWC_NODE_PROJECT: join(__dirname, '../../../tsconfig.json') },
    },
  );
  return JSON.parse(output) as { heapBytes: number; accountedBytes: number };
}

describe('hot entry weight', () => {
  // The budget is only true if what an entry is charged is what it costs on the heap: charging far
  // less overruns memory, charging far more wastes the budget.
  it.each([1, 4])(
    'charges within 20%% of the heap an entry with %i dependencies costs',
    (dependencies) => {
      const { heapBytes, accountedBytes } = measure(dependencies);
      expect(accountedBytes / heapBytes).toBeGreaterThan(0.8);
      expect(accountedBytes / heapBytes).toBeLessThan(1.2);
    },
  );
});
