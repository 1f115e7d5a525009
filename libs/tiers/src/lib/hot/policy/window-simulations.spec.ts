import { SIMULATED_SHARES, WindowSimulations } from './window-simulations';

const hashOf = (key: number): number => Math.imul(key + 1, 0x9e3779b1);

/** Feeds every request for a simulated key, as the policy does. */
function feed(simulations: WindowSimulations, keys: Iterable<number>): number {
  let simulated = 0;
  for (const key of keys) {
    if (!simulations.simulates(hashOf(key))) continue;
    simulated++;
    simulations.request(hashOf(key), 1);
  }
  return simulated;
}

function* loop(length: number, requests: number): Generator<number> {
  for (let i = 0; i < requests; i++) yield i % length;
}

function* reuseSoon(requests: number, distance: number): Generator<number> {
  for (let i = 0; i < requests / 2; i++) {
    yield 10_000_000 + i;
    if (i >= distance) yield 10_000_000 + i - distance;
  }
}

describe('WindowSimulations', () => {
  it('simulates every key of a small cache, and about one in 2^k of a large one', () => {
    expect(feed(new WindowSimulations(100, 100), loop(1000, 1000))).toBe(1000);
    const large = new WindowSimulations(1_000_000, 1_000_000);
    const simulated = feed(large, loop(1_000_000, 1_000_000));
    // 1,000,000 / 256 entries a miniature: 2^12 = 4096, so about 244 keys in the million.
    expect(simulated).toBeGreaterThan(150);
    expect(simulated).toBeLessThan(350);
  });

  it('keeps the keys it simulated when it samples more coarsely for a grown cache', () => {
    const simulations = new WindowSimulations(1_000_000, 10_000);
    const before = [...loop(100_000, 100_000)].filter((key) => simulations.simulates(hashOf(key)));
    simulations.resize(1_000_000);
    const after = [...loop(100_000, 100_000)].filter((key) => simulations.simulates(hashOf(key)));
    expect(after.length).toBeLessThan(before.length);
    expect(after.every((key) => before.includes(key))).toBe(true);
  });

  it('favours the smallest window on a loop larger than the cache, and the whole cache on pure recency', () => {
    const onLoop = new WindowSimulations(1000, 1000);
    feed(onLoop, loop(1200, 200_000));
    expect(onLoop.windowShare).toBe(SIMULATED_SHARES[0]);
    const onRecency = new WindowSimulations(1000, 1000);
    feed(onRecency, reuseSoon(200_000, 300));
    expect(onRecency.windowShare).toBeGreaterThanOrEqual(0.6);
  });

  it('favours the insertion-order window where a second read finishes each key', () => {
    // Each key read twice, 700 new keys apart: LRU keeps the finished keys and misses every second
    // read of a 1000-entry cache; a window that lets the keys read again leave first hits them all.
    const simulations = new WindowSimulations(1000, 1000);
    feed(simulations, reuseSoon(200_000, 700));
    expect(simulations.insertionOrder).toBe(true);
    expect(simulations.windowShare).toBe(1);
  });

  it('changes its choice when the workload changes', () => {
    const simulations = new WindowSimulations(1000, 1000);
    feed(simulations, loop(1200, 100_000));
    expect(simulations.windowShare).toBe(SIMULATED_SHARES[0]);
    feed(simulations, reuseSoon(100_000, 300));
    expect(simulations.windowShare).toBeGreaterThanOrEqual(0.6);
    feed(simulations, loop(1200, 100_000));
    expect(simulations.windowShare).toBeLessThanOrEqual(SIMULATED_SHARES[1]);
  });
});

describe('WindowSimulations with entries lighter than it was sized for', () => {
  it('grows its shared slots instead of losing keys, and still judges', () => {
    // Sized for 100 entries, but weight 1 against 100,000: every miniature holds all 5,000 keys.
    const simulations = new WindowSimulations(100_000, 100);
    expect(() => feed(simulations, loop(5000, 60_000))).not.toThrow();
    // Every key fits every miniature, so all hit alike and the first share stays.
    expect(simulations.windowShare).toBe(SIMULATED_SHARES[0]);
  });
});
