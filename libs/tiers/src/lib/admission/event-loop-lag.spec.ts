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
  it('reports the lag the loop keeps up, though a short turn comes now and then', async () => {
    const lag = new EventLoopLag(10, 5);
    try {
      for (let round = 0; round < 6; round++) {
        block(round === 4 ? 0 : 80);
        await sleep(0);
      }
      expect(lag.lagMs()).toBeGreaterThanOrEqual(50);
    } finally {
      lag.stop();
    }
  });

  it('spreads a single pause over its window rather than taking it for overload', async () => {
    const lag = new EventLoopLag(10, 10);
    try {
      await sleep(120);
      block(150);
      await sleep(15);
      expect(lag.lagMs()).toBeLessThan(50);
    } finally {
      lag.stop();
    }
  });
});
