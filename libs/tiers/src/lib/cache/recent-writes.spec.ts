import { FakeClock } from '../core/clock';
import { RecentWrites } from './recent-writes';

const context = { key: 'context:task:1', type: 'context', dependencies: ['task:1', 'global'] };
const task = { key: 'task:2', type: 'task', dependencies: ['task:2'] };

describe('RecentWrites', () => {
  it('hands back, once, the writes an invalidation covers, with the tier each went to', () => {
    const writes = new RecentWrites(new FakeClock(), 10_000, 100);
    writes.add(context, 1);
    writes.add(context, 2);
    writes.add(task, 1);

    expect(writes.takeCovered({ kind: 'dependency', dependency: 'global' })).toEqual([
      { entry: context, level: 1, writtenAt: expect.any(Number) },
      { entry: context, level: 2, writtenAt: expect.any(Number) },
    ]);
    expect(writes.takeCovered({ kind: 'dependency', dependency: 'global' })).toEqual([]);
    expect(writes.takeCovered({ kind: 'type', type: 'task' })).toHaveLength(1);
  });

  it('forgets writes older than its window, and the oldest beyond its capacity', () => {
    const clock = new FakeClock();
    const writes = new RecentWrites(clock, 10_000, 2);
    writes.add(context, 1);
    clock.advance(10_001);
    expect(writes.takeCovered({ kind: 'key', key: 'context:task:1' })).toEqual([]);

    writes.add({ ...task, key: 'task:a' }, 1);
    writes.add({ ...task, key: 'task:b' }, 1);
    writes.add({ ...task, key: 'task:c' }, 1);
    expect(
      writes.takeCovered({ kind: 'type', type: 'task' }).map(({ entry }) => entry.key),
    ).toEqual(['task:b', 'task:c']);
  });
});
