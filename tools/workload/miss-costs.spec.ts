import { MissCostTally, perMiss } from './miss-costs';

describe('MissCostTally', () => {
  it('adds the statements of the loads that answered reads, by label, and nothing else', () => {
    const tally = new MissCostTally();
    tally.record('context:task', 'miss', 4);
    tally.record('context:task', 'miss', 1);
    tally.record('context:task', 'warm', 4);
    tally.record('task', 'miss', undefined);
    tally.record('task', 'miss', 1);
    expect(tally.figures()).toEqual({
      'context:task': { misses: 2, statements: 5 },
      task: { misses: 1, statements: 1 },
    });
    expect(perMiss(tally.figures()['context:task'])).toBe('2.50 (2 misses)');
  });
});
