import Database from 'better-sqlite3';
import type { BusTransport, TransportEvents } from '../bus-transport';

export interface SqliteLogTransportOptions {
  /** The bus's own SQLite file, shared by the processes of one machine. */
  file: string;
  channel: string;
  /** How often `PRAGMA data_version` is asked whether another connection wrote. */
  pollMs: number;
  /** How long a row is kept; a receiver further behind finds a hole in an origin's numbers. */
  retentionMs: number;
}

const PRUNE_EVERY_MS = 5_000;

/**
 * The bus of the embedded default: processes on one machine append messages to a table in a
 * SQLite file of the bus's own and read each other's. SQLite commits one writer at a time, so
 * the rows' ids follow commit order and a reader that remembers the last id it read misses
 * nothing. Reading is cheap to ask for: `PRAGMA data_version` changes only when another
 * connection committed, and answers from the shared-memory WAL index without reading a page,
 * so the table is queried only after a write. Its own file keeps these small commits from
 * waiting on the tiers' or the source's write lock.
 */
export class SqliteLogTransport implements BusTransport {
  readonly name = 'sqlite';
  private database: Database.Database | undefined;
  /**
   * `PRAGMA data_version`, prepared once per connection: `pragma()` prepares it anew on every
   * call (~14 us against ~1.4 us, asked every pollMs).
   */
  private versionQuery: Database.Statement | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastId = 0;
  private dataVersion = -1;
  private prunedAt = 0;
  private up = false;
  private events: TransportEvents | undefined;

  constructor(private readonly options: SqliteLogTransportOptions) {}

  open(events: TransportEvents): void {
    this.events = events;
    this.timer = setInterval(() => this.poll(), this.options.pollMs);
    this.timer.unref();
    this.poll();
  }

  async send(text: string): Promise<void> {
    const database = this.connected();
    database
      .prepare('INSERT INTO bus_log (channel, at, body) VALUES (?, ?, ?)')
      .run(this.options.channel, Date.now(), text);
    // A reader polls the data version of its own connection: this one's writes never change it.
    this.events?.message(text);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.database?.close();
    this.database = undefined;
    this.versionQuery = undefined;
  }

  private poll(): void {
    try {
      const database = this.connected();
      const version = this.versionQuery?.get() as number;
      if (version !== this.dataVersion) {
        this.dataVersion = version;
        this.readNew(database);
      }
      if (!this.up) {
        this.up = true;
        this.events?.connected();
      }
      this.prune(database);
    } catch (error) {
      this.database?.close();
      this.database = undefined;
      this.versionQuery = undefined;
      if (this.up) {
        this.up = false;
        this.events?.disconnected((error as Error).message);
      }
    }
  }

  private readNew(database: Database.Database): void {
    const rows = database
      .prepare('SELECT id, body FROM bus_log WHERE id > ? AND channel = ? ORDER BY id')
      .all(this.lastId, this.options.channel) as Array<{ id: number; body: string }>;
    for (const row of rows) {
      this.lastId = row.id;
      this.events?.message(row.body);
    }
  }

  private prune(database: Database.Database): void {
    const now = Date.now();
    if (now - this.prunedAt < PRUNE_EVERY_MS) {
      return;
    }
    this.prunedAt = now;
    database.prepare('DELETE FROM bus_log WHERE at < ?').run(now - this.options.retentionMs);
  }

  /** The connection, opened (and the table created) on first use and again after a failure. */
  private connected(): Database.Database {
    if (this.database !== undefined) {
      return this.database;
    }
    const database = new Database(this.options.file, { timeout: 1000 });
    try {
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.exec(
        `CREATE TABLE IF NOT EXISTS bus_log (
           id INTEGER PRIMARY KEY AUTOINCREMENT,
           channel TEXT NOT NULL,
           at INTEGER NOT NULL,
           body TEXT NOT NULL
         )`,
      );
      const last = database.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM bus_log').get() as {
        id: number;
      };
      // What was written before this connection opened is not news to this process.
      this.lastId = Math.max(this.lastId, last.id);
      this.versionQuery = database.prepare('PRAGMA data_version').pluck();
      this.dataVersion = this.versionQuery.get() as number;
    } catch (error) {
      database.close();
      throw error;
    }
    this.database = database;
    return database;
  }
}
