import { followingWeights, rankPredictions } from './prediction-model';

const none = { atHour: [], lasting: [], recent: [], following: [] };

describe('rankPredictions', () => {
  it('prefers a key that is popular for long over one the last minutes happened to read', () => {
    const ranked = rankPredictions(
      {
        ...none,
        lasting: [
          { key: 'steady', reads: 100 },
          { key: 'burst', reads: 4 },
        ],
        recent: [
          { key: 'burst', reads: 3 },
          { key: 'steady', reads: 2 },
        ],
      },
      2,
    );
    expect(ranked.map(({ key }) => key)).toEqual(['steady', 'burst']);
    expect(ranked[0].because).toBe('lasting');
    expect(ranked[1].because).toBe('recent');
  });

  it('ranks by what the coming hour read on the days before when there is such a day', () => {
    const ranked = rankPredictions(
      {
        ...none,
        atHour: [{ key: 'morning', reads: 30 }],
        lasting: [
          { key: 'evening', reads: 40 },
          { key: 'morning', reads: 30 },
        ],
      },
      1,
    );
    expect(ranked).toEqual([{ key: 'morning', score: expect.any(Number), because: 'atHour' }]);
  });

  it('spreads an empty signal’s weight over the others, scores within 0–1, and keeps the budget', () => {
    const ranked = rankPredictions({ ...none, recent: [{ key: 'a', reads: 5 }] }, 5);
    expect(ranked).toEqual([{ key: 'a', score: 1, because: 'recent' }]);
    expect(rankPredictions(none, 5)).toEqual([]);
    const many = Array.from({ length: 10 }, (_, index) => ({ key: `k${index}`, reads: index + 1 }));
    expect(rankPredictions({ ...none, lasting: many }, 3).map(({ key }) => key)).toEqual([
      'k9',
      'k8',
      'k7',
    ]);
  });
});

describe('followingWeights', () => {
  it('weights each successor by its share of what followed a busy key and by how busy that key is', () => {
    const weights = followingWeights(
      [
        { key: 'a', reads: 10 },
        { key: 'b', reads: 2 },
      ],
      new Map([
        [
          'a',
          [
            { key: 'x', reads: 3 },
            { key: 'y', reads: 1 },
            { key: 'a', reads: 4 },
          ],
        ],
        ['b', [{ key: 'y', reads: 7 }]],
      ]),
    );
    // a's own re-reads are not a prediction: it is busy already.
    expect(weights).toEqual([
      { key: 'x', reads: (10 * 3) / 8 },
      { key: 'y', reads: (10 * 1) / 8 + 2 },
    ]);
  });
});
