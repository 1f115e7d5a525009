import { DEFAULT_DATABASE_TIMEOUTS, DEFAULT_DATABASE_URL } from '@strata/database';
import { DEFAULT_AUTH_FAILURE_LIMITS } from '../auth/auth-failure-limiter';
import { DEFAULT_HTTP_LIMITS } from '../http/http-limits';
import { ConfigurationError } from './configuration-error';
import { parseConfiguration, type Environment } from './config-sections';
import { isLoopbackHost, serverConfigFromEnv, type ServerConfigSpec } from './server-config';

const API: ServerConfigSpec = {
  portVariable: 'PORT',
  healthPortVariable: 'STRATA_HEALTH_PORT',
  defaultPort: 3000,
  requireKeysBeyondLoopback: true,
};

/** The server section alone, validated as an application's configuration is at start. */
function loadServerConfig(env: Environment, spec: ServerConfigSpec) {
  return parseConfiguration({ server: serverConfigFromEnv(spec) }, env).server;
}

/** The problems loadServerConfig reports for an environment, or [] when it accepts it. */
function problemsOf(env: Record<string, string | undefined>, spec = API): string[] {
  try {
    loadServerConfig(env, spec);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigurationError)) {
      throw error;
    }
    return error.problems;
  }
}

describe('loadServerConfig', () => {
  it('fills every default from DESIGN §8 for an empty environment', () => {
    expect(loadServerConfig({}, API)).toEqual({
      port: 3000,
      host: '127.0.0.1',
      healthPort: undefined,
      databaseUrl: DEFAULT_DATABASE_URL,
      cacheDatabaseUrl: 'sqlite:./data/strata.cache.sqlite',
      volatilityDatabaseUrl: 'sqlite:./data/strata.volatility.sqlite',
      redisUrl: undefined,
      warmStore: 'database',
      apiKeys: expect.objectContaining({ size: 0 }),
      cacheEnabled: true,
      http: DEFAULT_HTTP_LIMITS,
      authFailureLimits: DEFAULT_AUTH_FAILURE_LIMITS,
      databaseTimeouts: DEFAULT_DATABASE_TIMEOUTS,
    });
  });

  it('reads every variable it knows', () => {
    const config = loadServerConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://strata@db:5432/strata',
        REDIS_URL: 'redis://cache:6379',
        STRATA_API_KEYS: 'k1:admin,k2:read',
        STRATA_CACHE: 'OFF',
        STRATA_CACHE_DATABASE_URL: 'postgres://strata@cache-db:5432/cache',
        STRATA_WARM_STORE: 'redis',
        STRATA_HTTP_BODY_TIMEOUT_MS: '2500',
        STRATA_AUTH_MAX_FAILURES: '5',
        STRATA_AUTH_FAILURE_WINDOW_SECONDS: '30',
        STRATA_DB_STATEMENT_TIMEOUT_MS: '1500',
        STRATA_WRITE_TIMEOUT_MS: '4000',
      },
      API,
    );
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://strata@db:5432/strata',
      cacheDatabaseUrl: 'postgres://strata@cache-db:5432/cache',
      volatilityDatabaseUrl: 'postgres://strata@db:5432/strata',
      redisUrl: 'redis://cache:6379',
      warmStore: 'redis',
      apiKeys: expect.objectContaining({ size: 2 }),
      cacheEnabled: false,
      http: { ...DEFAULT_HTTP_LIMITS, bodyTimeoutMs: 2500 },
      authFailureLimits: { ...DEFAULT_AUTH_FAILURE_LIMITS, maxFailures: 5, windowSeconds: 30 },
      databaseTimeouts: { statementTimeoutMs: 1500, writeTimeoutMs: 4000 },
    });
    expect(config.apiKeys.scopeOf('k1')).toBe('admin');
    expect(config.apiKeys.scopeOf('k2')).toBe('read');
  });

  it('names the variable of a bad cache or volatility database', () => {
    expect(() => loadServerConfig({ STRATA_VOLATILITY_DATABASE_URL: 'mysql://h/db' }, API)).toThrow(
      /STRATA_VOLATILITY_DATABASE_URL: DATABASE_URL "mysql:\/\/h\/db" is not supported/,
    );
  });

  it('refuses a warm store it does not know, and Redis without REDIS_URL', () => {
    expect(() => loadServerConfig({ STRATA_WARM_STORE: 'memcached' }, API)).toThrow(
      /STRATA_WARM_STORE "memcached" must be database or redis/,
    );
    expect(() => loadServerConfig({ STRATA_WARM_STORE: 'redis' }, API)).toThrow(
      /STRATA_WARM_STORE=redis needs REDIS_URL/,
    );
  });

  it('takes the port from the variable and default the spec names', () => {
    const warmer: ServerConfigSpec = {
      portVariable: 'WARMER_PORT',
      healthPortVariable: 'WARMER_HEALTH_PORT',
      defaultPort: 3001,
      requireKeysBeyondLoopback: false,
    };
    expect(loadServerConfig({ PORT: '9', WARMER_PORT: '4000' }, warmer).port).toBe(4000);
    expect(loadServerConfig({ PORT: '9' }, warmer).port).toBe(3001);
  });

  it('takes a probe port of its own, and refuses one that is no port or the main port', () => {
    expect(loadServerConfig({ STRATA_HEALTH_PORT: '3100' }, API).healthPort).toBe(3100);
    expect(problemsOf({ STRATA_HEALTH_PORT: 'x' })).toEqual([
      'STRATA_HEALTH_PORT "x" is not a port number (0-65535)',
    ]);
    expect(problemsOf({ PORT: '3100', STRATA_HEALTH_PORT: '3100' })).toEqual([
      'STRATA_HEALTH_PORT 3100 is PORT itself; give the probes a port of their own',
    ]);
  });

  it('accepts every port from 0 to 65535', () => {
    for (const port of ['0', '1', '65535']) {
      expect(loadServerConfig({ PORT: port }, API).port).toBe(Number(port));
    }
  });

  it.each(['abc', '-1', '65536', '3.5', '', ' 80', '1e3', '0x50'])('refuses PORT "%s"', (port) => {
    expect(problemsOf({ PORT: port })).toEqual([expect.stringContaining(`PORT "${port}"`)]);
  });

  it.each(['', ' '])('refuses HOST "%s"', (host) => {
    // With keys, so that the loopback rule does not report the same host a second time.
    expect(problemsOf({ HOST: host, STRATA_API_KEYS: 'k1:read' })).toEqual(['HOST is empty']);
  });

  it.each(['sqlite::memory:', 'sqlite:./data/x.sqlite', 'postgres://u@h/db', 'postgresql://h/db'])(
    'accepts DATABASE_URL "%s"',
    (url) => {
      expect(loadServerConfig({ DATABASE_URL: url }, API).databaseUrl).toBe(url);
    },
  );

  it.each(['mysql://h/db', 'sqlite:', 'postgres://', 'strata.sqlite'])(
    'refuses DATABASE_URL "%s"',
    (url) => {
      expect(problemsOf({ DATABASE_URL: url })).toEqual([
        expect.stringContaining(`DATABASE_URL "${url}"`),
      ]);
    },
  );

  it.each(['redis://h:6379', 'rediss://user:pw@h:6380/2'])('accepts REDIS_URL "%s"', (url) => {
    expect(loadServerConfig({ REDIS_URL: url }, API).redisUrl).toBe(url);
  });

  it('treats an empty REDIS_URL as no Redis', () => {
    expect(loadServerConfig({ REDIS_URL: '' }, API).redisUrl).toBeUndefined();
  });

  it.each(['http://h:6379', 'h:6379', 'redis://'])('refuses REDIS_URL "%s"', (url) => {
    expect(problemsOf({ REDIS_URL: url })).toEqual([expect.stringContaining(`REDIS_URL "${url}"`)]);
  });

  it.each([
    ['on', true],
    ['ON', true],
    ['off', false],
    ['Off', false],
  ])('reads STRATA_CACHE "%s"', (value, enabled) => {
    expect(loadServerConfig({ STRATA_CACHE: value }, API).cacheEnabled).toBe(enabled);
  });

  it.each(['yes', 'false', '0', ''])('refuses STRATA_CACHE "%s"', (value) => {
    expect(problemsOf({ STRATA_CACHE: value })).toEqual([
      expect.stringContaining(`STRATA_CACHE "${value}"`),
    ]);
  });

  it('reports every problem at once, so an operator fixes them in one go', () => {
    const env = {
      PORT: 'eighty',
      DATABASE_URL: 'mysql://h/db',
      REDIS_URL: 'http://cache',
      STRATA_API_KEYS: 'k1:root',
      STRATA_CACHE: 'maybe',
    };
    const problems = problemsOf(env);
    expect(problems).toEqual([
      expect.stringContaining('PORT "eighty"'),
      expect.stringContaining('DATABASE_URL "mysql://h/db"'),
      expect.stringContaining('REDIS_URL "http://cache"'),
      expect.stringContaining('STRATA_API_KEYS entry 1 of 1 has an unknown scope'),
      expect.stringContaining('STRATA_CACHE "maybe"'),
    ]);
    expect(() => loadServerConfig(env, API)).toThrow(new ConfigurationError(problems).message);
  });

  it('names each problem on its own line of the message', () => {
    const error = new ConfigurationError(['first', 'second']);
    expect(error.message).toBe('Invalid configuration:\n  - first\n  - second');
  });

  describe('without API keys', () => {
    it.each(['0.0.0.0', '10.0.0.5', '::', 'strata.internal'])(
      'refuses to serve HOST=%s, saying how to fix it',
      (host) => {
        expect(problemsOf({ HOST: host })).toEqual([
          expect.stringMatching(new RegExp(`HOST=${host}.*STRATA_API_KEYS.*HOST=127\\.0\\.0\\.1`)),
        ]);
      },
    );

    it.each(['127.0.0.1', '127.1.2.3', '::1', 'localhost'])('serves loopback HOST=%s', (host) => {
      expect(loadServerConfig({ HOST: host }, API).host).toBe(host);
    });

    it('serves beyond loopback when the spec does not require keys (the warmer)', () => {
      const warmer = { ...API, requireKeysBeyondLoopback: false };
      expect(loadServerConfig({ HOST: '0.0.0.0' }, warmer).host).toBe('0.0.0.0');
    });
  });

  it('serves beyond loopback with API keys', () => {
    const config = loadServerConfig({ HOST: '0.0.0.0', STRATA_API_KEYS: 'k1:read' }, API);
    expect(config.host).toBe('0.0.0.0');
  });

  it('does not count malformed keys as keys for the loopback rule', () => {
    expect(problemsOf({ HOST: '0.0.0.0', STRATA_API_KEYS: 'k1' })).toEqual([
      expect.stringContaining('STRATA_API_KEYS entry 1 of 1 is neither'),
      expect.stringContaining('HOST=0.0.0.0'),
    ]);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.2', false],
    ['example.com', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
