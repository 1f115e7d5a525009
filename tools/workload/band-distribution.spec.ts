import type { PlacementReport } from '@strata/context-cache';
import type { VolatilityBand } from '@strata/ttl-policy';
import { BandTally } from './band-distribution';

const placed = (band: VolatilityBand, updatesInWindow: number): PlacementReport =>
  ({ band, inputs: { updatesInWindow } }) as PlacementReport;

describe('BandTally', () => {
  it('counts each key once, in the band of its latest load, written apart from not written', () => {
    const tally = new BandTally();
    tally.loaded('task:t1', 'task', placed('low', 0));
    tally.loaded('task:t1', 'task', placed('high', 3));
    tally.loaded('task:t2', 'task', placed('low', 0));
    tally.loaded('context:task:t1', 'context:task', placed('medium', 1));
    expect(tally.distribution()).toEqual({
      'context:task': {
        written: { high: 0, medium: 1, low: 0 },
        unwritten: { high: 0, medium: 0, low: 0 },
      },
      task: {
        written: { high: 1, medium: 0, low: 0 },
        unwritten: { high: 0, medium: 0, low: 1 },
      },
    });
  });
});
