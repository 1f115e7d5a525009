import { withTimeout } from '../resilience/with-timeout';
import type { LagGauge } from './event-loop-lag';
import {
  DEFAULT_SOURCE_ADMISSION_OPTIONS,
  type SourceAdmissionOptions,
} from './source-admission-options';
import { SourceUnavailableError } from './source-unavailable-error';

type Waiter = () => void;

/** What the gate has seen, for /v1/cache/stats and the overload run. */
export interface SourceAdmissionStats {
  running: number;
  queued: number;
  admitted: number;
  refusedOverloaded: number;
  timedOut: number;
  lagMs: number;
}

/**
 * The gate between callers and the source of truth (DESIGN §3's loader). At most
 * `maxConcurrent` loads run at once and `maxQueued` wait; a new one is refused at once, cheaply,
 * when the queue is full or the event loop lags past its threshold, so that the process keeps
 * answering what it has cached instead of queueing work it cannot do. A load that outlasts the
 * hard timeout gives its turn back and fails its callers; it is not cancelled (a query cannot
 * be), its late result is dropped.
 */
export class SourceAdmission {
  readonly options: SourceAdmissionOptions;
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private admitted = 0;
  private refusedOverloaded = 0;
  private timedOut = 0;
  /** Whether the loop lagged past the threshold and has not yet come back under half of it. */
  private lagging = false;

  constructor(
    options: Partial<SourceAdmissionOptions> = {},
    private readonly lag?: LagGauge,
  ) {
    this.options = { ...DEFAULT_SOURCE_ADMISSION_OPTIONS, ...options };
  }

  /** The refusal new work would get now, or undefined when it would be admitted. */
  refusal(): SourceUnavailableError | undefined {
    const { maxEventLoopLagMs, maxConcurrent, maxQueued, retryAfterSeconds } = this.options;
    if (this.lagsPast(maxEventLoopLagMs)) {
      return new SourceUnavailableError(
        'the server is overloaded (its event loop lags); try again shortly',
        'overloaded',
        retryAfterSeconds,
      );
    }
    if (this.running >= maxConcurrent && this.waiting.length >= maxQueued) {
      return new SourceUnavailableError(
        'the source of truth is saturated (its queue is full); try again shortly',
        'overloaded',
        retryAfterSeconds,
      );
    }
    return undefined;
  }

  /**
   * Refusing takes work off the loop, which brings the lag down while the flood goes on: shedding
   * stops only once the lag is under half the threshold, or it would turn off and on with every
   * second (measured under `npm run overload`'s flood: the mean fell from 325 to 102 ms within a
   * second of shedding, and rose past 200 again as soon as shedding stopped).
   */
  private lagsPast(maxEventLoopLagMs: number): boolean {
    if (maxEventLoopLagMs <= 0 || this.lag === undefined) return false;
    const lag = this.lag.lagMs();
    this.lagging = lag > (this.lagging ? maxEventLoopLagMs / 2 : maxEventLoopLagMs);
    return this.lagging;
  }

  /** The refusal new work gets now, counted, or undefined when it is admitted. */
  shed(): SourceUnavailableError | undefined {
    const refused = this.refusal();
    if (refused !== undefined) {
      this.refusedOverloaded += 1;
    }
    return refused;
  }

  /** Runs `work` when its turn comes, within the hard timeout, or refuses it. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const refused = this.shed();
    if (refused !== undefined) {
      throw refused;
    }
    const deadline = performance.now() + this.options.loaderHardTimeoutMs;
    await this.turn();
    try {
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        // Its turn came as its time ran out: not worth starting.
        throw this.timeout();
      }
      return await withTimeout(work(), remaining, () => {
        throw this.timeout();
      });
    } finally {
      this.release();
    }
  }

  stats(): SourceAdmissionStats {
    return {
      running: this.running,
      queued: this.waiting.length,
      admitted: this.admitted,
      refusedOverloaded: this.refusedOverloaded,
      timedOut: this.timedOut,
      lagMs: this.lag?.lagMs() ?? 0,
    };
  }

  close(): void {
    this.lag?.stop();
  }

  private turn(): Promise<void> {
    if (this.running < this.options.maxConcurrent) {
      this.running += 1;
      this.admitted += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const admit: Waiter = () => {
        clearTimeout(timer);
        this.admitted += 1;
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(admit), 1);
        reject(this.timeout());
      }, this.options.loaderHardTimeoutMs);
      timer.unref();
      this.waiting.push(admit);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) {
      this.running -= 1;
    } else {
      // The turn passes straight on: `running` stays as it is.
      next();
    }
  }

  private timeout(): SourceUnavailableError {
    this.timedOut += 1;
    return new SourceUnavailableError(
      `the source of truth did not answer within ${this.options.loaderHardTimeoutMs} ms; try again`,
      'loader-timeout',
      this.options.retryAfterSeconds,
    );
  }
}
