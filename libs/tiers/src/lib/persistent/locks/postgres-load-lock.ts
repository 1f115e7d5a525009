import { Client, type ClientConfig } from 'pg';
import type { LoadLease, LoadLock } from '../../core/load-lock';
import { SerialPgSession } from '../../core/serial-pg-session';

/** The first key of the load locks (the second is the key's hash); apart from the tombstone locks. */
const LOAD_LOCK_CLASS = 0x5374_0002;

/** Dedicated sessions per process: a key always goes to the same one (its lock lives there). */
const SESSIONS = 4;

/**
 * The load lock on PostgreSQL without Redis: session advisory locks on a few dedicated
 * connections (a key is always taken and released on the same one; several keep one slow round
 * trip from holding up every other miss), so a holder that dies, or loses its connection, frees
 * its keys when its session ends. A live holder lets go after its lease, so a load that hangs
 * does not hold the key for ever. Advisory locks are re-entrant per session, so the keys this
 * process holds are also kept here and a second caller in the process is told the key is taken.
 */
export class PostgresLoadLock implements LoadLock {
  readonly kind = 'postgres';
  /** Each queried one statement at a time: many misses take and release locks at once. */
  private readonly sessions: Array<Promise<SerialPgSession<Client>> | undefined> = new Array(
    SESSIONS,
  );
  private readonly held = new Set<string>();

  constructor(private readonly connection: ClientConfig) {}

  async tryAcquire(key: string, leaseMs: number): Promise<LoadLease | undefined> {
    if (this.held.has(key)) {
      return undefined;
    }
    const session = await this.connected(sessionOf(key));
    const { rows } = await session.query<{ locked: boolean }>(
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
      await session
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOAD_LOCK_CLASS, key])
        .catch(() => undefined);
    };
    const lease = setTimeout(() => void release(), leaseMs);
    lease.unref();
    return { othersMayHaveLoaded: true, release };
  }

  async close(): Promise<void> {
    const sessions = this.sessions.splice(0, SESSIONS, ...new Array(SESSIONS));
    this.held.clear();
    for (const session of sessions) {
      await (await session?.catch(() => undefined))?.client.end().catch(() => undefined);
    }
  }

  /** One of the dedicated sessions, opened on first use and again after it broke. */
  private connected(index: number): Promise<SerialPgSession<Client>> {
    const session =
      this.sessions[index] ??
      this.open(index).catch((error: unknown) => {
        this.sessions[index] = undefined;
        throw error;
      });
    this.sessions[index] = session;
    return session;
  }

  private async open(index: number): Promise<SerialPgSession<Client>> {
    const client = new Client({
      connectionTimeoutMillis: 1000,
      query_timeout: 1000,
      ...this.connection,
    });
    const broken = () => {
      // The server freed whatever this session held; the next call opens a new one.
      if (this.sessions[index] !== undefined) {
        this.sessions[index] = undefined;
        for (const key of this.held) {
          if (sessionOf(key) === index) {
            this.held.delete(key);
          }
        }
      }
      client.end().catch(() => undefined);
    };
    client.on('error', broken);
    client.on('end', broken);
    await client.connect();
    return new SerialPgSession(client);
  }
}

/** Which dedicated session a key's lock lives on. */
function sessionOf(key: string): number {
  let hash = 0;
  for (let index = 0; index < key.length; index++) {
    hash = (hash * 31 + key.charCodeAt(index)) | 0;
  }
  return Math.abs(hash) % SESSIONS;
}
