import { readIntegerVariables, type IntegerVariable } from '@strata/database';

/** `auto`: Redis when `REDIS_URL` is set, else PostgreSQL, else the SQLite log; `process`: this process only. */
export type BusTransportChoice = 'auto' | 'redis' | 'postgres' | 'sqlite' | 'process';
export type BusTransportKind = Exclude<BusTransportChoice, 'auto'>;

const CHOICES: readonly BusTransportChoice[] = ['auto', 'redis', 'postgres', 'sqlite', 'process'];

export interface BusConfig {
  transport: BusTransportChoice;
  /** How often each process says it is alive; an origin silent for 3.5 of these is lost. */
  heartbeatMs: number;
  /** What a hot entry may answer for while the bus is down (TieredCache's busDownHotTtlMs). */
  downHotTtlMs: number;
  /** The SQLite log's poll interval. */
  pollMs: number;
}

export const DEFAULT_BUS_CONFIG: BusConfig = {
  transport: 'auto',
  heartbeatMs: 1_000,
  downHotTtlMs: 5_000,
  pollMs: 2,
};

const VARIABLES: ReadonlyArray<IntegerVariable<BusConfig>> = [
  { field: 'heartbeatMs', variable: 'STRATA_BUS_HEARTBEAT_MS', lowest: 50, highest: 60_000 },
  { field: 'downHotTtlMs', variable: 'STRATA_BUS_DOWN_TTL_MS', lowest: 0, highest: 300_000 },
  { field: 'pollMs', variable: 'STRATA_BUS_POLL_MS', lowest: 1, highest: 1_000 },
];

/**
 * Reads STRATA_BUS (auto|redis|postgres|sqlite|process), STRATA_BUS_HEARTBEAT_MS,
 * STRATA_BUS_DOWN_TTL_MS and STRATA_BUS_POLL_MS. A transport named explicitly must have what it
 * runs on: Redis a `REDIS_URL`, PostgreSQL a PostgreSQL cache database, the log a SQLite file.
 * Pure: every problem is returned, none thrown.
 */
export function busConfigFromEnv(env: Readonly<Record<string, string | undefined>>): {
  config: BusConfig;
  problems: string[];
} {
  const { config, problems } = readIntegerVariables(env, DEFAULT_BUS_CONFIG, VARIABLES);
  const text = env['STRATA_BUS'] ?? 'auto';
  const choice = CHOICES.find((candidate) => candidate === text);
  if (choice === undefined) {
    problems.push(`STRATA_BUS "${text}" must be one of ${CHOICES.join(', ')}`);
    return { config, problems };
  }
  const database = env['STRATA_CACHE_DATABASE_URL'] ?? env['DATABASE_URL'] ?? 'sqlite:';
  const onPostgres = /^postgres(ql)?:\/\//.test(database);
  if (choice === 'redis' && !env['REDIS_URL']) {
    problems.push('STRATA_BUS=redis needs REDIS_URL');
  }
  if (choice === 'postgres' && !onPostgres) {
    problems.push(
      'STRATA_BUS=postgres needs a postgres:// DATABASE_URL (or STRATA_CACHE_DATABASE_URL)',
    );
  }
  if (choice === 'sqlite' && (onPostgres || database.endsWith(':memory:'))) {
    problems.push(
      'STRATA_BUS=sqlite needs a SQLite file as DATABASE_URL (or STRATA_CACHE_DATABASE_URL)',
    );
  }
  return { config: { ...config, transport: choice }, problems };
}

/** The transport `auto` stands for in a deployment. */
export function resolveBusTransport(
  choice: BusTransportChoice,
  deployment: { redisUrl?: string; databaseKind: 'postgres' | 'sqlite-file' | 'sqlite-memory' },
): BusTransportKind {
  if (choice !== 'auto') {
    return choice;
  }
  if (deployment.redisUrl) {
    return 'redis';
  }
  if (deployment.databaseKind === 'postgres') {
    return 'postgres';
  }
  // Memory is one process's own: there is no other process to tell.
  return deployment.databaseKind === 'sqlite-file' ? 'sqlite' : 'process';
}
