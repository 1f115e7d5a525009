import { randomUUID } from 'node:crypto';
// The event loop's own turn, not a timer: tests that fake timers do not hold renewals.
import { setImmediate as nextTurn } from 'node:timers';
import type { Clock } from '../../core/clock';
import type { TierDatabase } from '../database/tier-database';

/**
 * Presence rows live in the lease table under keys no cache key can take (cache keys start with
 * their type), so that no migration is needed and a presence expires exactly as a lease does.
 */
const PRESENCE_PREFIX = '#process:';
/** The first key after every presence key (';' follows ':'), for a range over the primary key. */
const PRESENCE_END = '#process;';

/**
 * Which other processes use one SQLite file, at the cost of one read now and then: each process
 * keeps a presence row there, renewed before it expires (on use, and on a timer while idle), and
 * deleted when it leaves. The rows are read again only when another connection has committed to
 * the file since the last look (SQLite's data_version says so without a statement) or when the
 * soonest presence seen runs out, so a process alone pays no statement at all for asking.
 */
export class FilePeers {
  private readonly token = `${PRESENCE_PREFIX}${randomUUID()}`;
  private announced: Promise<void>;
  private renewAt = 0;
  private seenAtVersion: number | undefined;
  /** Other processes were present at the last look, until this time; undefined: none were. */
  private othersUntil: number | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly database: TierDatabase,
    private readonly clock: Clock,
    private readonly presenceMs: number,
  ) {
    // At once, so that a process that has not missed yet is already seen by the others.
    this.announced = this.announce();
    this.announced.catch(() => undefined);
    this.timer = setInterval(() => void this.announce().catch(() => undefined), presenceMs / 3);
    this.timer.unref();
  }

  /** The latest announcement of this process's presence. */
  announcement(): Promise<void> {
    return this.announced;
  }

  /** Whether another process may be using the file now. Rejects when the file cannot be read. */
  async othersPresent(): Promise<boolean> {
    // A failed first announcement leaves renewAt passed: it is made again below.
    await this.announced.catch(() => undefined);
    const now = this.clock.now();
    if (now >= this.renewAt) {
      this.renew(now);
    }
    const version = this.database.dataVersion();
    const unchanged = version !== undefined && version === this.seenAtVersion;
    if (unchanged && (this.othersUntil === undefined || now < this.othersUntil)) {
      return this.othersUntil !== undefined;
    }
    const [row] = await this.database.prepared(
      `SELECT COUNT(*) AS others, MIN(expires_at) AS until FROM tier_load_leases
       WHERE key >= ? AND key < ? AND key <> ? AND expires_at > ?`,
      [PRESENCE_PREFIX, PRESENCE_END, this.token, now],
    );
    // The version read before the rows: a commit in between is looked at again next time.
    this.seenAtVersion = version;
    this.othersUntil = Number(row?.['others'] ?? 0) > 0 ? Number(row?.['until']) : undefined;
    return this.othersUntil !== undefined;
  }

  /** Deletes this process's presence, so that the others stop taking leases for it. */
  async leave(): Promise<void> {
    clearInterval(this.timer);
    await this.announced.catch(() => undefined);
    await this.database
      .prepared('DELETE FROM tier_load_leases WHERE key = ? RETURNING key', [this.token])
      .catch(() => undefined);
  }

  /**
   * A renewal on use (the timer alone cannot follow an injected clock that jumps), off the
   * miss's path: the next turn of the event loop writes it. Only a failed first announcement is
   * waited for, by the call after it.
   */
  private renew(now: number): void {
    this.renewAt = now + this.presenceMs / 2;
    const renewal = new Promise<void>((resolve) => nextTurn(resolve)).then(() => this.announce());
    renewal.catch(() => {
      this.renewAt = 0;
    });
  }

  private async announce(): Promise<void> {
    const now = this.clock.now();
    await this.database.prepared(
      `INSERT INTO tier_load_leases (key, token, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at
       RETURNING key`,
      [this.token, this.token, now + this.presenceMs],
    );
    // Renewed at half its life, so it never lapses while this process is using the file.
    this.renewAt = now + this.presenceMs / 2;
  }
}
