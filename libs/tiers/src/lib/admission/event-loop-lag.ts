/** How late the event loop runs: what a load-shedding decision reads. */
export interface LagGauge {
  /** The lag the loop has kept up over the recent samples, in milliseconds. */
  lagMs(): number;
  stop(): void;
}

/**
 * Samples the event loop's lag with a timer that notes how late it fires, every `intervalMs`,
 * and reports the smallest lag of the last `samples` samples: a loop given more work than it
 * can do is late on every one of them, while a single pause (a collection, one large body) is
 * not taken for overload. The timer does not keep the process alive.
 */
export class EventLoopLag implements LagGauge {
  private readonly recent: number[];
  private next = 0;
  private expected: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly intervalMs = 100,
    samples = 5,
  ) {
    this.recent = new Array<number>(samples).fill(0);
    this.expected = performance.now() + intervalMs;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  lagMs(): number {
    return Math.min(...this.recent);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const now = performance.now();
    this.recent[this.next] = Math.max(0, now - this.expected);
    this.next = (this.next + 1) % this.recent.length;
    this.expected = now + this.intervalMs;
  }
}
