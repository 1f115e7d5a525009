import { BoundedLruMap } from './bounded-lru-map';

describe('BoundedLruMap', () => {
  it('evicts the least recently touched entry beyond capacity', () => {
    const evicted: string[] = [];
    const map = new BoundedLruMap<string, number>(2, (key) => evicted.push(key));
    map.touch('a', () => 1);
    map.touch('b', () => 2);
    map.touch('a', () => 0);
    map.touch('c', () => 3);
    expect(evicted).toEqual(['b']);
    expect(map.peek('a')).toBe(1);
    expect(map.peek('c')).toBe(3);
    expect(map.size).toBe(2);
  });

  it('peeks without making an entry more recent', () => {
    const map = new BoundedLruMap<string, number>(1);
    map.touch('a', () => 1);
    expect(map.peek('a')).toBe(1);
    map.touch('b', () => 2);
    expect(map.peek('a')).toBeUndefined();
  });
});
