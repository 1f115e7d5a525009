import { WarmingQueue } from './warming-queue';

const proposal = (key: string, priority: number) => ({
  key,
  priority,
  reason: 'test',
  strategy: 'login',
});

describe('WarmingQueue', () => {
  it('hands out the highest priority first and keeps one proposal per key, at its highest priority', () => {
    const queue = new WarmingQueue(10);
    queue.offer(proposal('a', 1));
    queue.offer(proposal('b', 5));
    queue.offer(proposal('a', 9));
    queue.offer(proposal('b', 2));
    expect(queue.size).toBe(2);
    expect([queue.take()?.key, queue.take()?.key, queue.take()]).toEqual(['a', 'b', undefined]);
  });

  it('stays within its bound under a flood, keeping the highest priorities', () => {
    const queue = new WarmingQueue(100);
    let turnedAway = 0;
    for (let index = 0; index < 100_000; index++) {
      if (queue.offer(proposal(`task:${index}`, index % 1000)) !== undefined) {
        turnedAway += 1;
      }
      expect(queue.size).toBeLessThanOrEqual(100);
    }
    expect(turnedAway).toBe(100_000 - 100);
    expect(queue.take()?.priority).toBe(999);
  });

  it('remembers that a key was asked to be refreshed when it is proposed again without', () => {
    const queue = new WarmingQueue(10);
    queue.offer({ ...proposal('a', 1), refresh: true });
    queue.offer(proposal('a', 3));
    expect(queue.take()).toMatchObject({ key: 'a', priority: 3, refresh: true });
  });
});
