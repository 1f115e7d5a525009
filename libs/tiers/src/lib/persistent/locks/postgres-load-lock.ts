import { Client, type ClientConfig } from 'pg';
import type { LoadLease, LoadLock } from '../../core/load-lock';

/** The first key of the load locks (the second is the key's hash); apart from the tombstone locks. */
const LOAD_LOCK_CLASS = 0x5374_0002;

/**
 * The load lock on PostgreSQL without Redis: session advisory locks on one dedicated connection,
 * so a holder that dies (or loses its connection) frees its keys when its session ends. A live
 * holder lets go after its lease, so a load that hangs does not hold the key for ever. Advisory
 * locks are re-entrant per session, so the keys this process holds are also kept here and a
 * second caller in the process is told the key is taken.
 */
export class PostgresLoadLock implements LoadLock {
  readonly kind = 'postgres';
  private session: Promise<Client> | undefined;
  private readonly held = new Set<string>();

  constructor(private readonly connection: ClientConfig) {}

  async tryAcquire(key: string, leaseMs: number): Promise<LoadLease | undefined> {
    if (this.held.has(key)) {
      return undefined;
    }
    const client = await this.connected();
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
      [LOAD_LOCK_CLASS, key],
    );
    if (rows[0]?.locked !== true) {
      return undefined;
    }
    this.held.add(key);
    let released = false;
    const release = async () => {
      if (released) {
        return;
      }
      released = true;
      clearTimeout(lease);
      this.held.delete(key);
      await client
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOAD_LOCK_CLASS, key])
        .catch(() => undefined);
    };
    const lease = setTimeout(() => void release(), leaseMs);
    lease.unref();
    return { release };
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.held.clear();
    await (await session?.catch(() => undefined))?.end().catch(() => undefined);
  }

  /** The dedicated session, opened on first use and again after it broke. */
  private connected(): Promise<Client> {
    this.session ??= this.open().catch((error: unknown) => {
      this.session = undefined;
      throw error;
    });
    return this.session;
  }

  private async open(): Promise<Client> {
    const client = new Client({
      connectionTimeoutMillis: 1000,
      query_timeout: 1000,
      ...this.connection,
    });
    const broken = () => {
      // The server freed whatever this session held; the next call opens a new one.
      if (this.session !== undefined) {
        this.session = undefined;
        this.held.clear();
      }
      client.end().catch(() => undefined);
    };
    client.on('error', broken);
    client.on('end', broken);
    await client.connect();
    return client;
  }
}
