import { MISS_LOG_CAPACITY, MissLog } from './miss-log';

const drained = (log: MissLog): string[] => {
  const keys: string[] = [];
  log.drain((key) => keys.push(key));
  return keys;
};

describe('MissLog', () => {
  it('hands every remembered miss over once, oldest first', () => {
    const log = new MissLog();
    log.record('a');
    log.record('b');
    log.record('a');
    expect(drained(log)).toEqual(['a', 'b', 'a']);
    expect(drained(log)).toEqual([]);
  });

  it('forgets the oldest misses beyond its capacity, uncounted', () => {
    const log = new MissLog();
    for (let i = 0; i < MISS_LOG_CAPACITY + 3; i++) log.record(`k${i}`);
    const keys = drained(log);
    expect(keys).toHaveLength(MISS_LOG_CAPACITY);
    expect(keys[0]).toBe('k3');
    expect(keys[keys.length - 1]).toBe(`k${MISS_LOG_CAPACITY + 2}`);
  });

  it('tells whether the latest miss is for a key, and lets the caller take it', () => {
    const log = new MissLog();
    expect(log.latestIs('a')).toBe(false);
    log.record('a');
    log.record('b');
    expect(log.latestIs('a')).toBe(false);
    expect(log.latestIs('b')).toBe(true);
    log.dropLatest();
    expect(log.latestIs('a')).toBe(true);
    expect(drained(log)).toEqual(['a']);
  });

  it('forgets everything on clear', () => {
    const log = new MissLog();
    log.record('a');
    log.clear();
    expect(drained(log)).toEqual([]);
  });
});
