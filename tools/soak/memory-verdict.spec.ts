import { MEMORY_BOUNDS, memoryGrowth, type SoakSample } from './memory-verdict';

const MB = 1024 * 1024;

function samples(
  heapAt: (second: number) => number,
  hotAt: (second: number) => number = () => 0,
): SoakSample[] {
  return Array.from({ length: 30 }, (_, index) => {
    const atSeconds = index * 10;
    return {
      atSeconds,
      apiRssBytes: 200 * MB,
      apiHeapUsedBytes: heapAt(atSeconds),
      hotTierBytes: hotAt(atSeconds),
      eventLoopLagP99Ms: 10,
      warmerRssBytes: 100 * MB,
      requests: index * 1000,
    };
  });
}

describe('memoryGrowth', () => {
  it('passes memory that levels off after the warm-up', () => {
    const growth = memoryGrowth(
      samples((second) => (second < 60 ? 50 * MB + second * MB : 110 * MB)),
      60,
    );
    expect(growth.heapExcludingHotTierBytes).toBe(0);
    expect(growth.exceeded).toEqual([]);
  });

  it('fails a heap that keeps growing, and says by how much', () => {
    const growth = memoryGrowth(
      samples((second) => 50 * MB + second * 0.5 * MB),
      60,
    );
    expect(growth.heapExcludingHotTierBytes).toBeGreaterThan(
      MEMORY_BOUNDS.heapExcludingHotTierBytes,
    );
    expect(growth.exceeded).toEqual([
      expect.stringMatching(/^heapExcludingHotTierBytes grew \d+\.\d MB \(bound 32\.0 MB\)$/),
    ]);
  });

  it('does not count what the hot tier holds, which its budget bounds', () => {
    const growth = memoryGrowth(
      samples(
        (second) => 50 * MB + second * 0.5 * MB,
        (second) => second * 0.5 * MB,
      ),
      60,
    );
    expect(growth.exceeded).toEqual([]);
  });

  it('refuses to judge a run too short to have samples after the warm-up', () => {
    expect(() =>
      memoryGrowth(
        samples(() => MB),
        290,
      ),
    ).toThrow(/run longer/);
  });
});
