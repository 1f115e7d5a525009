import type { Clock } from '../core/clock';
import { withTimeout } from './with-timeout';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures (timeouts included) that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before letting one trial call through. */
  coolDownMs: number;
  /** A call not settled by then counts as failed, so that a slow dependency cannot hold its caller. */
  callTimeoutMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER_OPTIONS: CircuitBreakerOptions = {
  failureThreshold: 5,
  coolDownMs: 30_000,
  callTimeoutMs: 250,
};

export class CircuitOpenError extends Error {
  constructor(name: string) {
    super(`Circuit "${name}" is open`);
    this.name = 'CircuitOpenError';
  }
}

export class CallTimeoutError extends Error {
  constructor(name: string, milliseconds: number) {
    super(`Call through circuit "${name}" took longer than ${milliseconds} ms`);
    this.name = 'CallTimeoutError';
  }
}

/**
 * Closed → open after `failureThreshold` consecutive failures; open → half-open once the cool-down
 * has passed on the injected clock; half-open lets one trial call through, whose outcome closes the
 * circuit again or reopens it for another cool-down.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(
    readonly name: string,
    private readonly options: CircuitBreakerOptions,
    private readonly clock: Clock,
  ) {}

  get state(): CircuitState {
    if (this.openedAt === undefined) {
      return 'closed';
    }
    return this.clock.now() - this.openedAt >= this.options.coolDownMs ? 'half-open' : 'open';
  }

  /** Runs the call within the call timeout, or rejects at once with CircuitOpenError. */
  async execute<T>(call: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) {
      throw new CircuitOpenError(this.name);
    }
    const trial = state === 'half-open';
    this.trialInFlight ||= trial;
    try {
      return await this.timed(call, trial);
    } finally {
      if (trial) {
        this.trialInFlight = false;
      }
    }
  }

  /**
   * Runs the call within the call timeout whatever the circuit's state: for work that must not
   * wait out a cool-down, such as deleting what a write changed (skipped, the tier would serve
   * it to every other replica once it answers again). Its success closes the circuit; a failure
   * counts as any other and keeps an open circuit open.
   */
  executeEvenIfOpen<T>(call: () => Promise<T>): Promise<T> {
    return this.timed(call, this.openedAt !== undefined);
  }

  private async timed<T>(call: () => Promise<T>, reopenOnFailure: boolean): Promise<T> {
    try {
      const result = await withTimeout(call(), this.options.callTimeoutMs, () => {
        throw new CallTimeoutError(this.name, this.options.callTimeoutMs);
      });
      this.consecutiveFailures = 0;
      this.openedAt = undefined;
      return result;
    } catch (error) {
      this.consecutiveFailures += 1;
      if (reopenOnFailure || this.consecutiveFailures >= this.options.failureThreshold) {
        this.openedAt = this.clock.now();
      }
      throw error;
    }
  }
}
