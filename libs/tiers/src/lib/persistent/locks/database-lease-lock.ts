import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { LoadLease, LoadLock } from '../../core/load-lock';
import { TierDatabase } from '../database/tier-database';
import { FilePeers } from './file-peers';

/** How long a process's presence row lasts without being renewed (a killed process's, at most). */
export const DEFAULT_PRESENCE_MS = 30_000;

/** Nothing to release: no other process could have been waiting for the key. */
const UNSHARED_LEASE: LoadLease = { othersMayHaveLoaded: false, release: async () => undefined };

/**
 * The load lock for processes sharing one SQLite file (the embedded default: the api and the
 * warmer): a lease row per key in the tiers' own file, taken by one statement that inserts it or
 * takes it over once expired, and deleted by its holder's token. The file is the one thing both
 * processes share (no server, no Redis); a holder that dies leaves its row to expire with its
 * lease. Expiry is judged by the injected clock.
 *
 * A lease costs two write transactions per miss, the first on the miss's path; they buy nothing
 * while no other process uses the file (the workload simulator, an api without its warmer). So
 * each lock announces its process in the file (FilePeers) and takes rows only while another
 * process is there; alone, the in-process single flight in front of it is the whole flight. A
 * process that arrives is seen at the next miss after its announcement: only loads already under
 * way then may run twice, once in each process (duplicate work, never a wrong answer: the fills
 * are conditional writes).
 */
export class DatabaseLeaseLock implements LoadLock {
  readonly kind = 'sqlite';
  private readonly database: TierDatabase;
  private readonly peers: FilePeers;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
    presenceMs = DEFAULT_PRESENCE_MS,
  ) {
    this.database = TierDatabase.of(dataSource);
    this.peers = new FilePeers(this.database, clock, presenceMs);
  }

  /** Resolves once this process's presence is in the file: from then on the others see it. */
  announced(): Promise<void> {
    return this.peers.announcement();
  }

  async tryAcquire(key: string, leaseMs: number): Promise<LoadLease | undefined> {
    if (!(await this.peers.othersPresent())) {
      return UNSHARED_LEASE;
    }
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
      othersMayHaveLoaded: true,
      release: async () => {
        await this.database.prepared(
          'DELETE FROM tier_load_leases WHERE key = ? AND token = ? RETURNING key',
          [key, token],
        );
      },
    };
  }

  /** Withdraws this process's presence; the data source stays open: its owner closes it. */
  async close(): Promise<void> {
    await this.peers.leave();
  }
}
