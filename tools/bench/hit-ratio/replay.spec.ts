import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readTrace } from '../traces/read-trace';
import { readAnchors } from './anchors';
import { replay } from './replay';

const traceOf = (keys: number[]) => ({
  name: 'hand-made',
  keys: Int32Array.from(keys),
  distinct: Math.max(...keys) + 1,
});

describe('replay', () => {
  it('counts exact LRU hits', () => {
    // Capacity 2: 0 1 0 (hit) 2 (evicts 1) 1 (miss, evicts 0) 0 (miss) 1 (hit)
    expect(replay(traceOf([0, 1, 0, 2, 1, 0, 1]), 2, 'lru')).toBeCloseTo((100 * 2) / 7, 6);
  });

  it('replays the hot tier policy deterministically, never above the requests that repeat', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 300);
    const first = replay(traceOf(keys), 100, 'strata');
    expect(replay(traceOf(keys), 100, 'strata')).toBe(first);
    expect(first).toBeLessThanOrEqual((100 * (5000 - 300)) / 5000);
  });

  it('hits every repeat when everything fits', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => i % 50);
    expect(replay(traceOf(keys), 64, 'strata')).toBeCloseTo(95, 6);
    expect(replay(traceOf(keys), 64, 'lru')).toBeCloseTo(95, 6);
  });
});

/** The shared traces, when this checkout has them beside it (CI does). */
const anchorsFile = resolve(process.env['STRATA_BENCH_ANCHORS'] ?? '../shared/bench/ANCHORS.md');
const haveAnchors = existsSync(anchorsFile);
if (!haveAnchors && process.env['CI'] !== 'true') {
  console.log(`SKIPPED: ARC against ANCHORS.md needs ${anchorsFile}`);
}

(haveAnchors || process.env['CI'] === 'true' ? describe : describe.skip)('ARC replay', () => {
  it('matches every published ARC figure of the small LIRS traces to the hundredth', async () => {
    const small = readAnchors(anchorsFile).filter((anchor) =>
      ['lirs-cs', 'lirs-cpp', 'lirs-gli', 'lirs-ps', 'lirs-multi1'].includes(anchor.trace),
    );
    expect(small).toHaveLength(5);
    for (const anchor of small) {
      const trace = await readTrace(
        join(dirname(anchorsFile), 'traces', `${anchor.trace}.keys.gz`),
      );
      for (const point of anchor.points) {
        expect(replay(trace, point.capacity, 'arc')).toBeCloseTo(point.arc, 1);
      }
    }
  });
});
