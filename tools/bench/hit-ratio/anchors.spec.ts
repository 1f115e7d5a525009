import { parseAnchors } from './anchors';
import { type ComparedPoint, summarise } from './summary';

const SAMPLE = `# Anchors

## lirs-loop (requests=505500, distinct=1011)
| capacity | LRU | ARC | W-TinyLFU (approx.) | OPT |
|---:|---:|---:|---:|---:|
| 250 | 0.00 | 0.00 | 18.40 | 24.68 |
| 500 | 0.00 | 0.00 | 46.28 | 49.36 |

## corda-vaultservice (requests=135702, distinct=90468)
| capacity | LRU | ARC | W-TinyLFU (approx.) | OPT |
|---:|---:|---:|---:|---:|
| 1000 | 33.33 | 33.30 | 26.90 | 33.33 |

## Summary over all 59 points above
| policy | mean gap to OPT (points) | worst shortfall vs the better of LRU and ARC |
|---|---:|---:|
| LRU | 17.80 | — |
`;

describe('ANCHORS.md parsing and summary', () => {
  it('reads every trace section and its rows, and nothing from the summary', () => {
    const anchors = parseAnchors(SAMPLE);
    expect(anchors.map((anchor) => anchor.trace)).toEqual(['lirs-loop', 'corda-vaultservice']);
    expect(anchors[0].points[1]).toEqual({
      capacity: 500,
      lru: 0,
      arc: 0,
      wtinylfu: 46.28,
      opt: 49.36,
    });
  });

  it('summarises mean gap to OPT and the worst shortfall against the better of LRU and ARC', () => {
    const points: ComparedPoint[] = parseAnchors(SAMPLE).flatMap((anchor) =>
      anchor.points.map((point) => ({ ...point, trace: anchor.trace, strata: point.wtinylfu })),
    );
    const summary = summarise(points, 'strata');
    expect(summary.meanGapToOpt).toBeCloseTo((6.28 + 3.08 + 6.43) / 3, 6);
    expect(summary.worstShortfall).toEqual({
      points: expect.closeTo(6.43, 6),
      trace: 'corda-vaultservice',
      capacity: 1000,
    });
  });
});
