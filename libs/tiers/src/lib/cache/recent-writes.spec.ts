import { FakeClock } from '../core/clock';
import { RecentWrites } from './recent-writes';

const context = { key: 'context:task:1', type: 'context', dependencies: ['task:1', 'global'] };
const task = { key: 'task:2', type: 'task', dependencies: ['task:2'] };

describe('RecentWrites', () => {
  it('hands back, once, the entries written lately that an invalidation covers', () => {
    const writes = new RecentWrites(new FakeClock(), 10_000, 100);
    writes.add(context);
    writes.add(context);
    writes.add(task);

    expect(writes.takeCovered({ kind: 'dependency', dependency: 'global' })).toEqual([context]);
    expect(writes.takeCovered({ kind: 'dependency', dependency: 'global' })).toEqual([]);
    expect(writes.takeCovered({ kind: 'type', type: 'task' })).toHaveLength(1);
  });

  it('forgets writes older than its window, and the oldest beyond its capacity', () => {
    const clock = new FakeClock();
    const writes = new RecentWrites(clock, 10_000, 2);
    writes.add(context);
    clock.advance(10_001);
    expect(writes.takeCovered({ kind: 'key', key: 'context:task:1' })).toEqual([]);

    writes.add({ ...task, key: 'task:a' });
    writes.add({ ...task, key: 'task:b' });
    writes.add({ ...task, key: 'task:c' });
    expect(writes.takeCovered({ kind: 'type', type: 'task' }).map(({ key }) => key)).toEqual([
      'task:b',
      'task:c',
    ]);
  });
});
