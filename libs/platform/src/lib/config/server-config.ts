import {
  databaseTimeoutsFromEnv,
  DEFAULT_DATABASE_URL,
  parseDatabaseUrl,
  siblingDatabaseUrl,
  type DatabaseTimeouts,
} from '@strata/database';
import { authFailureLimitsFromEnv, type AuthFailureLimits } from '../auth/auth-failure-limiter';
import { httpLimitsFromEnv, type HttpLimits } from '../http/http-limits';
import { parseApiKeys, type ApiKeyTable } from './api-keys';
import type { ConfigParser, Environment, ParsedConfig } from './config-sections';

export interface ServerConfig {
  port: number;
  host: string;
  /** `spec.healthPortVariable`: a listener of its own for /health and /metrics (see listenForProbes). */
  healthPort?: number;
  databaseUrl: string;
  /** Where the warm and cold tiers live (`STRATA_CACHE_DATABASE_URL`; see siblingDatabaseUrl). */
  cacheDatabaseUrl: string;
  /** Where the volatility history lives (`STRATA_VOLATILITY_DATABASE_URL`; see siblingDatabaseUrl). */
  volatilityDatabaseUrl: string;
  redisUrl?: string;
  /** `STRATA_WARM_STORE`: the warm tier in the cache database, or in Redis (needs REDIS_URL). */
  warmStore: 'database' | 'redis';
  apiKeys: ApiKeyTable;
  /** `STRATA_CACHE=off` serves everything uncached, for comparison. */
  cacheEnabled: boolean;
  /** `STRATA_HTTP_*`: body depth, header and body timeouts. */
  http: HttpLimits;
  /** `STRATA_AUTH_*`: failed authentications allowed per client address. */
  authFailureLimits: AuthFailureLimits;
  /** `STRATA_DB_STATEMENT_TIMEOUT_MS`, `STRATA_WRITE_TIMEOUT_MS`: how long the database may keep a caller. */
  databaseTimeouts: DatabaseTimeouts;
}

export interface ServerConfigSpec {
  /** The variable that holds the port: `PORT` for the api, `WARMER_PORT` for the warmer. */
  portVariable: string;
  defaultPort: number;
  /** The variable that holds the probe port (see listenForProbes): `STRATA_HEALTH_PORT`, `WARMER_HEALTH_PORT`. */
  healthPortVariable: string;
  /** Refuse to listen beyond loopback without API keys (the api does; the warmer serves only /health). */
  requireKeysBeyondLoopback: boolean;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

/** The server section of an application's configuration (DESIGN §8's variables). */
export function serverConfigFromEnv(spec: ServerConfigSpec): ConfigParser<ServerConfig> {
  return (env) => parseServerConfig(env, spec);
}

function parseServerConfig(env: Environment, spec: ServerConfigSpec): ParsedConfig<ServerConfig> {
  const problems: string[] = [];

  const portText = env[spec.portVariable] ?? String(spec.defaultPort);
  const port = Number(portText);
  const portProblem = notAPort(spec.portVariable, portText);
  if (portProblem) {
    problems.push(portProblem);
  }

  const healthPortText = env[spec.healthPortVariable] || undefined;
  const healthPort = healthPortText === undefined ? undefined : Number(healthPortText);
  const healthPortProblem =
    healthPortText === undefined ? undefined : notAPort(spec.healthPortVariable, healthPortText);
  if (healthPortProblem) {
    problems.push(healthPortProblem);
  } else if (healthPort !== undefined && healthPort !== 0 && healthPort === port) {
    problems.push(
      `${spec.healthPortVariable} ${healthPort} is ${spec.portVariable} itself; give the probes a port of their own`,
    );
  }

  const host = env['HOST'] ?? '127.0.0.1';
  if (host.trim() === '') {
    problems.push('HOST is empty');
  }

  const databaseUrl = env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  const databaseUrlProblem = urlProblem(databaseUrl);
  if (databaseUrlProblem) {
    problems.push(databaseUrlProblem);
  }
  // Each defaults to the same PostgreSQL database, or to a sibling SQLite file.
  const [cacheDatabaseUrl, volatilityDatabaseUrl] = (
    [
      ['STRATA_CACHE_DATABASE_URL', 'cache'],
      ['STRATA_VOLATILITY_DATABASE_URL', 'volatility'],
    ] as const
  ).map(([variable, suffix]) => {
    const given = env[variable];
    if (!given) {
      return databaseUrlProblem ? '' : siblingDatabaseUrl(databaseUrl, suffix);
    }
    const problem = urlProblem(given);
    if (problem) {
      problems.push(`${variable}: ${problem}`);
    }
    return given;
  });

  const redisUrl = env['REDIS_URL'] || undefined;
  if (redisUrl && !/^rediss?:\/\/.+/.test(redisUrl)) {
    problems.push(`REDIS_URL "${redisUrl}" is not a redis:// or rediss:// URL`);
  }

  const { keys, problems: keyProblems } = parseApiKeys(env['STRATA_API_KEYS']);
  problems.push(...keyProblems);
  if (spec.requireKeysBeyondLoopback && keys.size === 0 && !isLoopbackHost(host)) {
    problems.push(
      `HOST=${host} would serve the API to the network without authentication: set STRATA_API_KEYS (e.g. k1:admin,k2:read) or bind HOST=127.0.0.1`,
    );
  }

  const warmStore = env['STRATA_WARM_STORE'] ?? 'database';
  if (warmStore !== 'database' && warmStore !== 'redis') {
    problems.push(`STRATA_WARM_STORE "${warmStore}" must be database or redis`);
  } else if (warmStore === 'redis' && !redisUrl) {
    problems.push('STRATA_WARM_STORE=redis needs REDIS_URL');
  }

  const cache = (env['STRATA_CACHE'] ?? 'on').toLowerCase();
  if (cache !== 'on' && cache !== 'off') {
    problems.push(`STRATA_CACHE "${env['STRATA_CACHE']}" must be on or off`);
  }

  const http = httpLimitsFromEnv(env);
  problems.push(...http.problems);
  const authFailureLimits = authFailureLimitsFromEnv(env);
  problems.push(...authFailureLimits.problems);
  const databaseTimeouts = databaseTimeoutsFromEnv(env);
  problems.push(...databaseTimeouts.problems);

  const config: ServerConfig = {
    port,
    host,
    healthPort,
    databaseUrl,
    cacheDatabaseUrl,
    volatilityDatabaseUrl,
    redisUrl,
    warmStore: warmStore as ServerConfig['warmStore'],
    apiKeys: keys,
    cacheEnabled: cache === 'on',
    http: http.config,
    authFailureLimits: authFailureLimits.config,
    databaseTimeouts: databaseTimeouts.config,
  };
  return { config, problems };
}

function notAPort(variable: string, text: string): string | undefined {
  return /^\d+$/.test(text) && Number(text) <= 65535
    ? undefined
    : `${variable} "${text}" is not a port number (0-65535)`;
}

function urlProblem(url: string): string | undefined {
  try {
    parseDatabaseUrl(url);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
