import { staleReads, type LoadRecord } from './fault-load';
import { percentile } from './http';

function record(
  kind: 'read' | 'write',
  key: string,
  version: number,
  startedAt: number,
  ms = 1,
): LoadRecord {
  return { kind, key, version, startedAt, ms, status: 200, replica: 0, body: {} };
}

describe('staleReads', () => {
  const write = record('write', 'p', 5, 1000, 10); // acknowledged at 1010

  it('counts a read begun after the bound that answers an older version than was acknowledged', () => {
    const late = record('read', 'p', 4, 1200);
    expect(staleReads([write, late], 100)).toEqual([late]);
  });

  it('does not count reads within the bound, of the new version, or of another key', () => {
    const early = record('read', 'p', 4, 1050);
    const fresh = record('read', 'p', 5, 1500);
    const other = record('read', 'q', 1, 1500);
    expect(staleReads([write, early, fresh, other], 100)).toEqual([]);
  });

  it('counts only reads begun from the given time on', () => {
    const late = record('read', 'p', 4, 1200);
    expect(staleReads([write, late], 100, 1300)).toEqual([]);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, n) => n + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
