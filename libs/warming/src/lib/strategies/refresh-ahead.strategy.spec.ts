import { warmingFixture } from '../testing/warming-fixture';

const SECOND = 1000;

/** Reads the key `times` times, a second apart. */
async function readTimes(fixture: ReturnType<typeof warmingFixture>, key: string, times: number) {
  const sources: string[] = [];
  for (let index = 0; index < times; index++) {
    sources.push((await fixture.source.read(fixture.cache, key)).source);
    fixture.clock.advance(SECOND);
  }
  return sources;
}

describe('RefreshAheadStrategy', () => {
  it('reloads an entry read often once it passes its refresh point, so that its expiry costs no miss', async () => {
    const fixture = warmingFixture({ refreshAhead: { at: 0.75, jitter: 0, minReads: 3 } });
    const { source, cache, clock, warming } = fixture;
    source.values.set('task:1', 'v1');
    await readTimes(fixture, 'task:1', 4); // one load, three hits
    clock.advance(70 * SECOND); // 74 s of 100: before the point
    await source.read(cache, 'task:1');
    await warming.idle();
    expect(source.loads.get('task:1')).toBe(1);

    clock.advance(2 * SECOND); // past 75 s
    expect((await source.read(cache, 'task:1')).source).toBe('hot');
    await warming.idle();
    expect(source.loads.get('task:1')).toBe(2);

    clock.advance(40 * SECOND); // past the first entry's expiry
    expect((await source.read(cache, 'task:1')).source).toBe('hot');
    expect(warming.stats().strategies['refresh-ahead']).toMatchObject({
      proposed: 1,
      warmed: 1,
      succeeded: 1,
    });
  });

  it('leaves an entry read rarely to expire', async () => {
    const fixture = warmingFixture({ refreshAhead: { at: 0.5, jitter: 0, minReads: 5 } });
    fixture.source.values.set('task:1', 'v1');
    await readTimes(fixture, 'task:1', 2);
    fixture.clock.advance(60 * SECOND);
    await fixture.source.read(fixture.cache, 'task:1');
    await fixture.warming.idle();
    expect(fixture.source.loads.get('task:1')).toBe(1);
  });

  it('keeps answering readers with the current value while the reload runs, and reloads once', async () => {
    const fixture = warmingFixture({ refreshAhead: { at: 0.5, jitter: 0, minReads: 2 } });
    const { source, cache, clock, warming } = fixture;
    source.values.set('task:1', 'v1');
    await readTimes(fixture, 'task:1', 3);
    clock.advance(60 * SECOND);
    let open!: () => void;
    source.gate = new Promise((resolve) => (open = resolve));
    source.values.set('task:1', 'v2');
    const during = await Promise.all([1, 2, 3, 4].map(() => source.read(cache, 'task:1')));
    expect(during.map(({ json, source: from }) => `${json} ${from}`)).toEqual(
      Array(4).fill('"v1" hot'),
    );
    open();
    await warming.idle();
    expect(source.loads.get('task:1')).toBe(2);
    expect((await source.read(cache, 'task:1')).json).toBe('"v2"');
  });

  it('drops a reload that a write overtakes: the value read before the write is never stored', async () => {
    const fixture = warmingFixture({ refreshAhead: { at: 0.5, jitter: 0, minReads: 2 } });
    const { source, cache, clock, warming } = fixture;
    source.values.set('task:1', 'v1');
    await readTimes(fixture, 'task:1', 3);
    clock.advance(60 * SECOND);
    let open!: () => void;
    source.gate = new Promise((resolve) => (open = resolve));
    await source.read(cache, 'task:1'); // starts the reload, which reads v1 and waits
    await new Promise((resolve) => setImmediate(resolve));
    source.values.set('task:1', 'v2'); // the write…
    await cache.invalidate('task:1'); // …and its invalidation, while the reload is under way
    open();
    await warming.idle();
    expect(warming.stats().strategies['refresh-ahead']).toMatchObject({ overtaken: 1, warmed: 0 });
    source.gate = undefined;
    expect(await source.read(cache, 'task:1')).toEqual({ json: '"v2"', source: 'miss' });
  });

  it('moves refresh points by up to the jitter, the same for the same entry every time', () => {
    const { refreshAhead } = warmingFixture({
      refreshAhead: { at: 0.5, jitter: 0.2, minReads: 2 },
    });
    const points = Array.from({ length: 200 }, (_, index) =>
      refreshAhead.refreshPoint(`task:${index}`, 0, 100 * SECOND),
    );
    expect(Math.min(...points)).toBeGreaterThanOrEqual(30 * SECOND);
    expect(Math.max(...points)).toBeLessThanOrEqual(70 * SECOND);
    expect(new Set(points.map((point) => Math.round(point / SECOND))).size).toBeGreaterThan(20);
    expect(refreshAhead.refreshPoint('task:7', 0, 100 * SECOND)).toBe(points[7]);
  });

  it('counts a refreshed entry that is never read again as waste once it leaves', async () => {
    const fixture = warmingFixture({ refreshAhead: { at: 0.5, jitter: 0, minReads: 2 } });
    const { source, cache, clock, warming } = fixture;
    source.values.set('task:1', 'v1');
    await readTimes(fixture, 'task:1', 3);
    clock.advance(60 * SECOND);
    await source.read(cache, 'task:1');
    await warming.idle();
    clock.advance(200 * SECOND);
    expect(warming.stats().strategies['refresh-ahead']).toMatchObject({ warmed: 1, wasted: 1 });
    expect(warming.stats().successRate).toBe(0);
  });
});
