import { setTimeout as sleep } from 'node:timers/promises';
import { EventLoopLag } from './event-loop-lag';

/** Keeps the loop busy for `milliseconds`, as synchronous work would. */
function block(milliseconds: number): void {
  const until = performance.now() + milliseconds;
  while (performance.now() < until) {
    // busy
  }
}

describe('EventLoopLag', () => {
  it('reports lag the loop keeps up over every recent sample', async () => {
    const lag = new EventLoopLag(10, 3);
    try {
      for (let round = 0; round < 4; round++) {
        block(80);
        await sleep(0);
      }
      expect(lag.lagMs()).toBeGreaterThanOrEqual(50);
    } finally {
      lag.stop();
    }
  });

  it('does not take a single pause for overload', async () => {
    const lag = new EventLoopLag(10, 3);
    try {
      await sleep(50);
      block(150);
      await sleep(15);
      expect(lag.lagMs()).toBeLessThan(50);
    } finally {
      lag.stop();
    }
  });
});
