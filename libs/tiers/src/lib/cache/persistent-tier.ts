import type { CacheEntry } from '../core/cache-entry';
import type {
  InvalidationTarget,
  PersistentTierStore,
  SetResult,
  Stamp,
  TierInvalidation,
  TierOccupancyReport,
  TierRead,
} from '../core/tier-store';
import {
  CircuitOpenError,
  type CircuitBreaker,
  type CircuitState,
} from '../resilience/circuit-breaker';
import { scopeId, type InvalidationScope } from './invalidation-scope';

/** What a call that went through returned; undefined stands for a call skipped or failed. */
type Outcome<T> = { value: T } | undefined;

/** The first retry of a missed invalidation, doubled after each failed one up to the last. */
const FIRST_REPLAY_RETRY_MS = 100;
const LAST_REPLAY_RETRY_MS = 5_000;

/**
 * A warm or cold store as the tiered cache uses it: every call goes through the tier's circuit
 * breaker and none throws. A failed read is a miss and a failed write is skipped. A failed
 * invalidation is remembered and replayed, and the tier is not read until it has been, so that a
 * tier which missed an invalidation while down never serves what it should have removed (the
 * replay leaves a tombstone of its own, which refuses every write stamped before it); a failed
 * write is deleted the same way, since it may have landed all the same.
 *
 * Invalidations, and their replay, are tried even while the circuit is open: the other replicas
 * read the tier with breakers of their own, and one whose breaker closed first would otherwise
 * be served what this one's write removed, by a tier that answers again, for as long as this
 * breaker cools down (on PostgreSQL alone after a pause: every write's delete skipped for up to
 * the 30 s cool-down, 906 stale reads after recovery). A replay that lands is told to
 * `onReplayed`, so that the others drop what they took from the tier before it did.
 */
export class PersistentTier {
  readonly name: 'warm' | 'cold';
  readonly stampDomain: string;
  /** Invalidations the store has not acknowledged yet, by scope id. */
  private readonly missedInvalidations = new Map<string, InvalidationScope>();
  private catchingUp: Promise<void> | undefined;
  private replayTimer: NodeJS.Timeout | undefined;
  private replayRetryMs = FIRST_REPLAY_RETRY_MS;
  private stopped = false;

  constructor(
    private readonly store: PersistentTierStore,
    private readonly breaker: CircuitBreaker,
    private readonly onReplayed: (scope: InvalidationScope) => void = () => undefined,
  ) {
    this.name = store.tier;
    this.stampDomain = store.stampDomain;
  }

  get circuit(): CircuitState {
    return this.breaker.state;
  }

  /** Invalidations this tier has not confirmed yet; they are replayed from this process's memory. */
  get pendingInvalidations(): number {
    return this.missedInvalidations.size;
  }

  /**
   * Entries found for the keys with the domain's stamp (one store call), or undefined when the
   * tier could not be read safely: its circuit is open, the call failed, or invalidations it
   * missed are still being replayed.
   */
  async read(keys: readonly string[]): Promise<TierRead | undefined> {
    if (!this.caughtUp()) {
      return undefined;
    }
    return (await this.attempt(() => this.store.read(keys)))?.value;
  }

  /** The domain's counter now, or undefined when the tier cannot be used. */
  async stamp(): Promise<Stamp | undefined> {
    if (!this.caughtUp()) {
      return undefined;
    }
    return (await this.attempt(() => this.store.stamp()))?.value;
  }

  /** The store's answer to a conditional write, or undefined when the write was skipped or failed. */
  async set(entry: CacheEntry, stamp: Stamp): Promise<SetResult | undefined> {
    try {
      return await this.breaker.execute(() => this.store.set(entry, stamp));
    } catch (error) {
      if (!(error instanceof CircuitOpenError)) {
        // A failed or timed-out write may still land; nobody would then remove it when it goes
        // out of date, so the tier deletes it before it is read again.
        this.missed({ kind: 'key', key: entry.key });
      }
      return undefined;
    }
  }

  /**
   * Removes what the scope names here and in `alsoIn` (tiers of the same stamp domain) in one
   * store call; if the store cannot, every tier named remembers it for replay, and undefined is
   * returned.
   */
  async invalidate(
    scope: InvalidationScope,
    alsoIn: readonly PersistentTier[] = [],
  ): Promise<TierInvalidation | undefined> {
    const target: InvalidationTarget = scope;
    const removed = await this.attemptEvenIfOpen(() =>
      this.store.invalidate(
        target,
        alsoIn.map((tier) => tier.name),
      ),
    );
    if (removed === undefined) {
      for (const tier of [this, ...alsoIn]) {
        tier.missed(scope);
      }
      return undefined;
    }
    // The tier answers again: what it missed before is replayed now, not at the next read.
    for (const tier of [this, ...alsoIn]) {
      tier.caughtUp();
    }
    return removed.value;
  }

  /**
   * Removes expired entries. Maintenance, not the read path: a sweep may take longer than the
   * breaker's call timeout, and its failure belongs to the job that ran it.
   */
  sweepExpired(): Promise<number> {
    return this.store.sweepExpired();
  }

  async occupancy(): Promise<TierOccupancyReport | undefined> {
    return (await this.attempt(() => this.store.occupancy()))?.value;
  }

  /** Ends the replays on a timer; what is still missed is left to the write outboxes. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.replayTimer);
    this.replayTimer = undefined;
  }

  private missed(scope: InvalidationScope): void {
    this.missedInvalidations.set(scopeId(scope), scope);
    this.scheduleReplay();
  }

  /**
   * A missed invalidation is replayed soon even when nothing here reads the tier: the other
   * replicas read it meanwhile, and a value its delete missed (or a delete that landed late,
   * after another replica read the old value back into its hot tier) is served there until the
   * replay lands and is republished. Waiting for this replica's next read of the tier left a
   * replica that only wrote behind with nothing to trigger it. Retried with back-off.
   */
  private scheduleReplay(): void {
    if (this.replayTimer !== undefined || this.stopped) {
      return;
    }
    this.replayTimer = setTimeout(() => {
      this.replayTimer = undefined;
      if (this.caughtUp()) {
        this.replayRetryMs = FIRST_REPLAY_RETRY_MS;
        return;
      }
      void this.catchingUp?.then(() => {
        if (this.missedInvalidations.size === 0) {
          this.replayRetryMs = FIRST_REPLAY_RETRY_MS;
          return;
        }
        this.replayRetryMs = Math.min(this.replayRetryMs * 2, LAST_REPLAY_RETRY_MS);
        this.scheduleReplay();
      });
    }, this.replayRetryMs);
    this.replayTimer.unref();
  }

  /**
   * True when no invalidation is missing. Otherwise starts replaying them (one replay at a time)
   * and answers false at once: reads skip the tier meanwhile rather than wait for the replay.
   */
  private caughtUp(): boolean {
    if (this.missedInvalidations.size === 0) {
      return true;
    }
    this.catchingUp ??= this.replayMissedInvalidations().finally(() => {
      this.catchingUp = undefined;
    });
    return false;
  }

  private async replayMissedInvalidations(): Promise<void> {
    for (const [id, scope] of this.missedInvalidations) {
      const removed = await this.attemptEvenIfOpen(() => this.store.invalidate(scope));
      if (removed === undefined) {
        return;
      }
      // Unless the same scope failed again meanwhile, which leaves a newer record to replay.
      if (this.missedInvalidations.get(id) === scope) {
        this.missedInvalidations.delete(id);
      }
      this.onReplayed(scope);
    }
  }

  private async attemptEvenIfOpen<T>(call: () => Promise<T>): Promise<Outcome<T>> {
    try {
      return { value: await this.breaker.executeEvenIfOpen(call) };
    } catch {
      return undefined;
    }
  }

  private async attempt<T>(call: () => Promise<T>): Promise<Outcome<T>> {
    try {
      return { value: await this.breaker.execute(call) };
    } catch {
      // The breaker has counted the failure; the cache carries on without this tier.
      return undefined;
    }
  }
}
