import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadLock } from '../core/load-lock';

/** How a miss waits for another process's load of the same key. */
export interface ClusterSingleFlightOptions {
  lock: LoadLock;
  /** A holder keeps the key at most this long (its load and its write to the shared tier). */
  leaseMs: number;
  /** A waiter gives up after this long and loads itself. */
  waitMs: number;
  /** How often a waiter looks in the shared tiers and tries the lock again. */
  pollMs: number;
}

/** What the waiter should answer with: the value found in a shared tier, or its own load. */
export type FlightResult<T> = { loaded: T } | { shared: T };

/** What the flight counts, for the cache's stats. */
export interface ClusterFlightCounts {
  waited: number;
  tookShared: number;
  lockUnavailable: number;
}

/**
 * The load of one key, once across every process: the lock's holder loads; the others poll the
 * shared tiers until the holder's value is there, the holder is gone (then one of them takes the
 * lock), or the wait bound passes (then they load themselves). A lock service that cannot answer
 * means loading here, never an error. The bound counts polls, not clock time, so it holds under
 * a fake clock too.
 */
export class ClusterSingleFlight {
  constructor(
    private readonly options: ClusterSingleFlightOptions,
    private readonly counts: ClusterFlightCounts,
  ) {}

  async run<T>(
    key: string,
    /**
     * `afterAnother`: the lock was taken after another process may have held it (waited for, or
     * a shared lease), or not at all: the load is ordered from now, not from the miss's lookup.
     */
    loadHere: (afterAnother: boolean) => Promise<T>,
    fromShared: () => Promise<T | undefined>,
  ): Promise<FlightResult<T>> {
    let waited = false;
    const polls = Math.max(1, Math.ceil(this.options.waitMs / this.options.pollMs));
    for (let poll = 0; poll <= polls; poll++) {
      let lease;
      try {
        lease = await this.options.lock.tryAcquire(key, this.options.leaseMs);
      } catch {
        this.counts.lockUnavailable += 1;
        break;
      }
      if (lease !== undefined) {
        try {
          // A holder that finished between this miss's last look (its lookup, or a waiter's
          // poll) and its taking the lock left its value in the shared tier: look once more
          // before loading it again.
          const afterAnother = waited || lease.othersMayHaveLoaded;
          const shared = afterAnother ? await fromShared() : undefined;
          if (shared !== undefined) {
            this.counts.tookShared += 1;
            return { shared };
          }
          return { loaded: await loadHere(afterAnother) };
        } finally {
          await lease.release().catch(() => undefined);
        }
      }
      if (!waited) {
        waited = true;
        this.counts.waited += 1;
      }
      await sleep(this.options.pollMs);
      const shared = await fromShared();
      if (shared !== undefined) {
        this.counts.tookShared += 1;
        return { shared };
      }
    }
    return { loaded: await loadHere(waited) };
  }
}
