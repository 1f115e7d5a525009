import { MissCauseTally } from './miss-causes';

describe('MissCauseTally', () => {
  it('tells a first read, a change and an expiry apart', () => {
    const tally = new MissCauseTally();
    tally.record('task:t1', '1', 'miss');
    tally.record('task:t1', '1', 'hot');
    tally.record('task:t1', '2', 'miss');
    tally.record('task:t1', '2', 'miss');
    tally.record('task:t2', '1', 'warm');
    expect(tally.causes).toEqual({ firstRead: 1, changed: 1, expiredOrEvicted: 1 });
  });
});
