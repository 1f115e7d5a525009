import { commandLineFlags } from '../report/command-line-flags';
export type DatabaseKind = 'sqlite' | 'postgres';

export interface E2eOptions {
  /** CI mode: a small dataset, 1 s runs, one round, nothing written to BENCHMARKS.md. */
  quick: boolean;
  databases: DatabaseKind[];
  /** PostgreSQL to measure on; without it `all` means SQLite alone. */
  postgresUrl?: string;
  /**
   * Write a V8 CPU profile of each cached server into this directory (`node --cpu-prof`); the
   * figures of such a run are not written to BENCHMARKS.md.
   */
  profileDirectory?: string;
  /** The peers' Redis: without it, the peers are not run. */
  redisUrl?: string;
  /** The first of the eight ports the servers listen on. */
  portBase: number;
  /** Rounds of a full run (3 unless told); a run of fewer is not written to BENCHMARKS.md. */
  rounds?: number;
}

const USAGE =
  'usage: npm run bench:e2e -- [--quick] [--database sqlite|postgres|all] [--profile DIR] [--port-base N]\n' +
  '  [--rounds N]\n' +
  "PostgreSQL comes from STRATA_BENCH_POSTGRES_URL or STRATA_TEST_POSTGRES_URL, the peers' Redis\n" +
  'from STRATA_BENCH_REDIS_URL or STRATA_TEST_REDIS_URL.';

const DEFAULT_PORT_BASE = 3961;

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): E2eOptions {
  const postgresUrl = env['STRATA_BENCH_POSTGRES_URL'] || env['STRATA_TEST_POSTGRES_URL'];
  let quick = false;
  let database = 'all';
  let profileDirectory: string | undefined;
  let portBase = DEFAULT_PORT_BASE;
  let rounds: number | undefined;
  for (const { flag, value } of commandLineFlags(argv, USAGE)) {
    switch (flag) {
      case '--quick':
        quick = true;
        break;
      case '--database':
        database = value();
        break;
      case '--profile':
        profileDirectory = value();
        break;
      case '--rounds':
        rounds = Number(value());
        if (!Number.isInteger(rounds) || rounds < 1) {
          throw new Error(`--rounds must be a whole number from 1\n${USAGE}`);
        }
        break;
      case '--port-base':
        portBase = Number(value());
        if (!Number.isInteger(portBase) || portBase < 1024 || portBase > 65_525) {
          throw new Error(`--port-base must be a port from 1024 to 65525\n${USAGE}`);
        }
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  const databases = databasesFor(database, postgresUrl);
  const redisUrl = env['STRATA_BENCH_REDIS_URL'] || env['STRATA_TEST_REDIS_URL'];
  if (!redisUrl) {
    console.error(
      'peers skipped: set STRATA_BENCH_REDIS_URL to run cache-manager and BentoCache too',
    );
  }
  return { quick, databases, postgresUrl, profileDirectory, redisUrl, portBase, rounds };
}

function databasesFor(database: string, postgresUrl: string | undefined): DatabaseKind[] {
  switch (database) {
    case 'sqlite':
      return ['sqlite'];
    case 'postgres':
      if (!postgresUrl) {
        throw new Error(`--database postgres needs a PostgreSQL URL\n${USAGE}`);
      }
      return ['postgres'];
    case 'all':
      if (!postgresUrl) {
        // Said on stderr so the last stdout line stays the JSON summary.
        console.error('PostgreSQL skipped: set STRATA_BENCH_POSTGRES_URL to measure it too');
        return ['sqlite'];
      }
      return ['sqlite', 'postgres'];
    default:
      throw new Error(`--database must be sqlite, postgres or all, not "${database}"\n${USAGE}`);
  }
}
