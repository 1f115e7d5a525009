import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { LoadLease, LoadLock } from '../../core/load-lock';
import { TierDatabase } from '../database/tier-database';

/**
 * The load lock for processes sharing one SQLite file (the embedded default: the api and the
 * warmer): a lease row per key in the tiers' own file, taken by one statement that inserts it or
 * takes it over once expired, and deleted by its holder's token. The file is the one thing both
 * processes share (no server, no Redis); a holder that dies leaves its row to expire with its
 * lease. Expiry is judged by the injected clock. Both statements are prepared once: a lease costs
 * two short autocommit writes per miss.
 */
export class DatabaseLeaseLock implements LoadLock {
  readonly kind = 'sqlite';
  private readonly database: TierDatabase;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.database = TierDatabase.of(dataSource);
  }

  async tryAcquire(key: string, leaseMs: number): Promise<LoadLease | undefined> {
    const token = randomUUID();
    const now = this.clock.now();
    const rows = await this.database.prepared(
      `INSERT INTO tier_load_leases (key, token, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
       WHERE tier_load_leases.expires_at <= ?
       RETURNING token`,
      [key, token, now + leaseMs, now],
    );
    if (rows[0]?.['token'] !== token) {
      return undefined;
    }
    return {
      release: async () => {
        await this.database.prepared(
          'DELETE FROM tier_load_leases WHERE key = ? AND token = ? RETURNING key',
          [key, token],
        );
      },
    };
  }

  /** The data source stays open: its owner closes it. */
  async close(): Promise<void> {
    return undefined;
  }
}
