/** How late the event loop runs: what a load-shedding decision reads. */
export interface LagGauge {
  /** The lag the loop has kept up over the recent samples, in milliseconds. */
  lagMs(): number;
  stop(): void;
}

/**
 * Samples the event loop's lag with a timer that notes how late it fires, every `intervalMs`,
 * and reports the mean lag of the last `samples` samples (a second, by default). A loop given
 * more work than it can do is late on most samples, and the mean says by how much; one pause (a
 * collection, one large body) is spread over the window. The smallest sample would hide
 * overload: a loop serving hundreds of connections in long turns has a short turn now and then,
 * and read as idle on it (measured: 130–150 ms where the mean was over 300). The timer does not
 * keep the process alive.
 */
export class EventLoopLag implements LagGauge {
  private readonly recent: number[];
  private next = 0;
  private expected: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly intervalMs = 100,
    samples = 10,
  ) {
    this.recent = new Array<number>(samples).fill(0);
    this.expected = performance.now() + intervalMs;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  lagMs(): number {
    let sum = 0;
    for (const sample of this.recent) sum += sample;
    return sum / this.recent.length;
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
