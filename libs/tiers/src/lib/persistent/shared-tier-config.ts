import { DEFAULT_CIRCUIT_BREAKER_OPTIONS } from '../resilience/circuit-breaker';
import { DEFAULT_TOMBSTONE_RETENTION_MS } from './tombstone-scopes';

/** How the shared tiers order writes against invalidations and share loads across processes. */
export interface SharedTierConfig {
  /** How long tombstones are kept (`STRATA_TOMBSTONE_RETENTION_MS`, default 900000). */
  tombstoneRetentionMs: number;
  /**
   * A call to a shared tier not settled by then counts as failed, and five in a row open its
   * circuit (`STRATA_TIER_CALL_TIMEOUT_MS`, default 250). An invalidation that failed so is
   * replayed from memory and its write's outbox row kept; on a loaded PostgreSQL one can wait
   * on fills' scope locks for longer than the default.
   */
  callTimeoutMs: number;
  loadLock: {
    /**
     * `auto` (default): Redis when the warm tier is in Redis, PostgreSQL advisory locks on a
     * PostgreSQL database, a lease table on SQLite. `off`: single flight per process only.
     */
    mode: 'auto' | 'off';
    leaseMs: number;
    waitMs: number;
    pollMs: number;
  };
}

export const DEFAULT_SHARED_TIER_CONFIG: SharedTierConfig = {
  tombstoneRetentionMs: DEFAULT_TOMBSTONE_RETENTION_MS,
  callTimeoutMs: DEFAULT_CIRCUIT_BREAKER_OPTIONS.callTimeoutMs,
  // A waiter looks every 10 ms for up to 2 s; a holder that died frees its key after 5 s.
  loadLock: { mode: 'auto', leaseMs: 5_000, waitMs: 2_000, pollMs: 10 },
};

/**
 * Reads STRATA_TOMBSTONE_RETENTION_MS, STRATA_TIER_CALL_TIMEOUT_MS, STRATA_LOAD_LOCK (auto|off), STRATA_LOAD_LOCK_LEASE_MS,
 * STRATA_LOAD_LOCK_WAIT_MS and STRATA_LOAD_LOCK_POLL_MS; unset ones keep their defaults. Pure:
 * every problem is returned, none thrown, so a start-up validation can report them all at once.
 */
export function sharedTierConfigFromEnv(env: Readonly<Record<string, string | undefined>>): {
  config: SharedTierConfig;
  problems: string[];
} {
  const problems: string[] = [];
  const positive = (name: string, fallback: number): number => {
    const text = env[name];
    if (text === undefined || text === '') {
      return fallback;
    }
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) {
      problems.push(`${name} must be a positive whole number of milliseconds (got "${text}")`);
      return fallback;
    }
    return value;
  };
  const defaults = DEFAULT_SHARED_TIER_CONFIG;
  const modeText = env['STRATA_LOAD_LOCK'] ?? 'auto';
  if (modeText !== 'auto' && modeText !== 'off') {
    problems.push(`STRATA_LOAD_LOCK must be auto or off (got "${modeText}")`);
  }
  const config: SharedTierConfig = {
    tombstoneRetentionMs: positive('STRATA_TOMBSTONE_RETENTION_MS', defaults.tombstoneRetentionMs),
    callTimeoutMs: positive('STRATA_TIER_CALL_TIMEOUT_MS', defaults.callTimeoutMs),
    loadLock: {
      mode: modeText === 'off' ? 'off' : 'auto',
      leaseMs: positive('STRATA_LOAD_LOCK_LEASE_MS', defaults.loadLock.leaseMs),
      waitMs: positive('STRATA_LOAD_LOCK_WAIT_MS', defaults.loadLock.waitMs),
      pollMs: positive('STRATA_LOAD_LOCK_POLL_MS', defaults.loadLock.pollMs),
    },
  };
  return { config, problems };
}
