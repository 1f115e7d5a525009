import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

const BIN = '/usr/lib/postgresql/15/bin';

/** Whether this machine can start a PostgreSQL server of its own (the server binaries exist). */
export function canStartOwnPostgres(): boolean {
  return existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'postgres'));
}

/**
 * Whether the fault suites that start their own PostgreSQL run: everywhere the binaries are, and
 * on CI (`CI=true`) always, where their absence fails the run instead of skipping it.
 */
export function ownPostgresForTests(): boolean {
  if (canStartOwnPostgres()) {
    return true;
  }
  if (process.env['CI'] === 'true') {
    throw new Error(`PostgreSQL's server binaries must be in ${BIN} when CI=true`);
  }
  console.warn(`SKIPPED: suites that start their own PostgreSQL (no server binaries in ${BIN})`);
  return false;
}

/**
 * A PostgreSQL server of the test's own, in a temporary directory and on a port of its own, so
 * that a test may pause (SIGSTOP), resume or kill it: the shared server is never touched. Each
 * backend is a session of its own (PostgreSQL calls setsid), so a signal goes to the postmaster
 * and to each of its children. As root the server runs as the `postgres` user, which initdb
 * requires.
 */
export class OwnPostgresServer {
  private constructor(
    readonly port: number,
    private readonly directory: string,
    private process: ChildProcess,
  ) {}

  static async start(port: number): Promise<OwnPostgresServer> {
    const directory = mkdtempSync(join(tmpdir(), 'strata-own-pg-'));
    const owner = ownerIds();
    if (owner) {
      chownSync(directory, owner.uid, owner.gid);
    }
    execFileSync(
      join(BIN, 'initdb'),
      ['-D', join(directory, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync'],
      { stdio: 'ignore', ...owner },
    );
    const server = new OwnPostgresServer(port, directory, spawnPostgres(directory, port, owner));
    await server.ready();
    return server;
  }

  /** The `postgres` database, as the `postgres` user. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** SIGSTOP to every process of the server: it keeps its sockets and answers nothing. */
  pause(): void {
    this.signal('SIGSTOP');
  }

  resume(): void {
    this.signal('SIGCONT');
  }

  /** SIGKILL to every process of the server, as a crash would. */
  async kill(): Promise<void> {
    if (!this.running) {
      return;
    }
    const exited = once(this.process, 'exit');
    // The server is unref'd so that a test which never stops it cannot hold its runner open; the
    // wait for its exit must hold the process open, or with nothing else pending (a harness
    // between two topologies) Node ends silently before the exit is heard.
    this.process.ref();
    this.signal('SIGCONT');
    this.signal('SIGKILL');
    await exited;
  }

  /** Starts it again on the same files and port after kill(). */
  async restart(): Promise<void> {
    await this.kill();
    rmSync(join(this.directory, 'data', 'postmaster.pid'), { force: true });
    this.process = spawnPostgres(this.directory, this.port, ownerIds());
    await this.ready();
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.directory, { recursive: true, force: true });
  }

  private get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** The postmaster first, so that it forks no backend the signal would miss, then its children. */
  private signal(signal: NodeJS.Signals): void {
    const postmaster = this.process.pid;
    if (!this.running || postmaster === undefined) {
      return;
    }
    process.kill(postmaster, signal);
    for (const child of childrenOf(postmaster)) {
      try {
        process.kill(child, signal);
      } catch {
        // A backend that has exited meanwhile.
      }
    }
  }

  private async ready(): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
        if (!this.running) {
          break;
        }
        await sleep(100);
      }
    }
    await this.stop();
    throw new Error(`PostgreSQL did not start on port ${this.port}`);
  }
}

function spawnPostgres(
  directory: string,
  port: number,
  owner: { uid: number; gid: number } | undefined,
): ChildProcess {
  const child = spawn(
    join(BIN, 'postgres'),
    [
      ...['-D', join(directory, 'data'), '-p', String(port), '-k', directory],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=60'],
    ],
    { stdio: 'ignore', detached: true, ...owner },
  );
  child.unref();
  return child;
}

/** The processes whose parent is `parent`, from /proc (Linux). */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) {
        children.push(Number(entry));
      }
    } catch {
      // A process that has exited meanwhile.
    }
  }
  return children;
}

/** As root, the `postgres` user's ids: PostgreSQL refuses to run as root. */
function ownerIds(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) {
    return undefined;
  }
  const [uid, gid] = ['-u', '-g'].map((flag) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()),
  );
  return { uid, gid };
}
