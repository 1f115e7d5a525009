import { SeededRandom } from '../seed/random';
import { ZipfSampler } from './zipf-sampler';

describe('ZipfSampler', () => {
  it('draws low ranks most, in Zipf proportion, and stays in range', () => {
    const sampler = new ZipfSampler(100, 1);
    const random = new SeededRandom(7);
    const counts = new Array<number>(100).fill(0);
    for (let i = 0; i < 50_000; i++) counts[sampler.rank(random)] += 1;
    expect(counts[0]).toBeGreaterThan(counts[1]);
    expect(counts[1]).toBeGreaterThan(counts[9]);
    // Rank 0 over rank 1 is 2 under Zipf(1); the sample is large enough to land near it.
    expect(counts[0] / counts[1]).toBeGreaterThan(1.7);
    expect(counts[0] / counts[1]).toBeLessThan(2.3);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(50_000);
  });
});
