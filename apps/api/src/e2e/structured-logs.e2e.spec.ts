import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

/**
 * The built api as an operator runs it (`node dist/apps/api/main.js`: the same esbuild bundle),
 * with API keys and password-bearing database and Redis URLs: every line it writes is JSON, a
 * request's lines carry its id, and no secret ever appears.
 */
const WORKSPACE = resolve(__dirname, '../../../..');
const KEYS = { admin: 'k-admin-5ecret-key', read: 'k-read-5ecret-key' };
const REDIS_PASSWORD = 'r3dis-pa55word';
const DATABASE_PASSWORD = 'pg-pa55word';
// A spare port of this suite's own range, for the Redis server it starts and kills.
const REDIS_PORT = 41000 + (process.pid % 500);

interface RunningApi {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
}

jest.setTimeout(60_000);

describe('structured logs of the running api', () => {
  let directory: string;
  let bundle: string;
  let redis: ChildProcess;
  let databaseUrl: string;
  let dropDatabase: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'strata-logs-'));
    // Inside the workspace, where the bundle finds its packages, as dist/apps/api/main.js does.
    bundle = join(WORKSPACE, 'dist', 'tmp', `structured-logs-${process.pid}`, 'main.js');
    execFileSync(process.execPath, ['tools/build/bundle.mjs', 'apps/api/src/main.ts', bundle], {
      cwd: WORKSPACE,
    });
    redis = spawn('redis-server', [
      '--port',
      String(REDIS_PORT),
      '--bind',
      '127.0.0.1',
      '--requirepass',
      REDIS_PASSWORD,
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    databaseUrl = await passwordDatabaseUrl();
  });

  afterAll(async () => {
    redis.kill('SIGKILL');
    await dropDatabase();
    rmSync(directory, { recursive: true, force: true });
    rmSync(dirname(bundle), { recursive: true, force: true });
  });

  /** PostgreSQL (trust auth takes any password) when the suites have it, else SQLite. */
  async function passwordDatabaseUrl(): Promise<string> {
    const url = process.env['STRATA_TEST_POSTGRES_URL'];
    if (!url) {
      return `sqlite:${join(directory, 'strata.sqlite')}`;
    }
    const name = `strata_logs_${process.pid}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    dropDatabase = async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
    const withPassword = new URL(url);
    withPassword.password = DATABASE_PASSWORD;
    withPassword.pathname = `/${name}`;
    return withPassword.toString();
  }

  async function startApi(env: Record<string, string>): Promise<RunningApi> {
    const child = spawn(process.execPath, [bundle], {
      cwd: directory,
      env: {
        PATH: process.env['PATH'],
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${REDIS_PORT}`,
        STRATA_WARM_STORE: 'redis',
        STRATA_API_KEYS: `${KEYS.admin}:admin,${KEYS.read}:read`,
        ...env,
      },
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let attempt = 0; attempt < 300; attempt++) {
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (port) {
        return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => output };
      }
      if (child.exitCode !== null) {
        break;
      }
      await sleep(50);
    }
    child.kill('SIGKILL');
    throw new Error(`the api did not start:\n${output}`);
  }

  async function stop(api: RunningApi): Promise<string> {
    api.child.kill('SIGTERM');
    if (api.child.exitCode === null) {
      await once(api.child, 'exit');
    }
    return api.output();
  }

  function linesOf(output: string): Array<Record<string, unknown>> {
    return output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        expect(() => JSON.parse(line)).not.toThrow();
        return JSON.parse(line) as Record<string, unknown>;
      });
  }

  it('writes JSON lines with request ids, and never a key or a password, even at trace', async () => {
    const api = await startApi({ LOG_LEVEL: 'trace' });
    const admin = { 'x-api-key': KEYS.admin, 'content-type': 'application/json' };
    const project = JSON.stringify({ id: 'logs-p1', name: 'P', data: {} });
    const traced = await fetch(`${api.baseUrl}/v1/projects`, {
      method: 'POST',
      headers: { ...admin, 'x-request-id': 'trace-me-42' },
      body: project,
    });
    expect(traced.status).toBe(201);
    expect(traced.headers.get('x-request-id')).toBe('trace-me-42');
    const duplicate = await fetch(`${api.baseUrl}/v1/projects`, {
      method: 'POST',
      headers: { ...admin, 'x-request-id': 'duplicate-1' },
      body: project,
    });
    expect(duplicate.status).toBe(409);
    const insane = await fetch(`${api.baseUrl}/v1/projects/logs-p1`, {
      headers: { 'x-api-key': KEYS.read, 'x-request-id': 'no spaces or <tags> please' },
    });
    expect(insane.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      (await fetch(`${api.baseUrl}/v1/global`, { headers: { 'x-api-key': 'wrong-key' } })).status,
    ).toBe(401);
    expect(
      (await fetch(`${api.baseUrl}/v1/projects/logs-p1`, { headers: { 'x-api-key': KEYS.read } }))
        .status,
    ).toBe(200);
    // Redis gone: the api stays ready, degraded, and says why.
    redis.kill('SIGKILL');
    await once(redis, 'exit');
    const health = await fetch(`${api.baseUrl}/health`, {
      headers: { 'x-request-id': 'health-1' },
    });
    expect(health.status).toBe(200);
    expect(((await health.json()) as { error: object }).error).toHaveProperty(
      'redis.status',
      'down',
    );

    const output = await stop(api);
    // Nest re-raises the signal once it has shut down.
    expect(api.child.signalCode).toBe('SIGTERM');
    const lines = linesOf(output);
    for (const line of lines) {
      expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String) });
    }
    for (const secret of [KEYS.admin, KEYS.read, REDIS_PASSWORD, DATABASE_PASSWORD]) {
      expect(output).not.toContain(secret);
    }
    const ofRequest = (id: string) =>
      lines.filter((line) => (line['req'] as { id?: string } | undefined)?.id === id);
    expect(ofRequest('trace-me-42')).toEqual(
      expect.arrayContaining([expect.objectContaining({ msg: 'request completed' })]),
    );
    expect(ofRequest('duplicate-1')).toEqual([
      expect.objectContaining({ msg: 'request completed', res: { statusCode: 409 } }),
    ]);
    // What Nest logs while serving a request carries the request's id too.
    expect(ofRequest('health-1')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'warn',
          msg: expect.stringMatching(/^health check: degraded, down: .*redis/),
        }),
        expect.objectContaining({ msg: 'request completed', res: { statusCode: 200 } }),
      ]),
    );
  });

  it('says only what Strata says at the default level: no route mapping, no module narration', async () => {
    // Redis was taken away by the test above.
    const api = await startApi({ REDIS_URL: '', STRATA_WARM_STORE: 'database' });
    const lines = linesOf(await stop(api));
    expect(lines.map((line) => line['msg'])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^listening on /)]),
    );
    for (const line of lines) {
      expect(line['level']).not.toBe('debug');
      expect(String(line['msg'])).not.toMatch(/Mapped \{|dependencies initialized/);
    }
  });

  it('refuses a bad configuration with every problem in one message, no stack, no password, status 1', () => {
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, [bundle], {
        cwd: directory,
        env: {
          PATH: process.env['PATH'],
          PORT: '3999x',
          STRATA_VOLATILITY_BASE_TASK: 'zz',
          STRATA_TTL_TASK_HIGH: '-1',
          DATABASE_URL: `mysql://strata:${DATABASE_PASSWORD}@db/strata`,
          REDIS_URL: `http://:${REDIS_PASSWORD}@cache`,
          LOG_LEVEL: 'loud',
        },
        stdio: 'pipe',
      });
    } catch (error) {
      const { status, stderr } = error as { status: number; stderr: Buffer };
      failure = { status, stderr: stderr.toString() };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toBe(
      [
        'Invalid configuration:',
        '  - PORT "3999x" is not a port number (0-65535)',
        '  - DATABASE_URL "mysql://strata:***@db/strata" is not supported: use sqlite:<file>, sqlite::memory: or postgres://user@host:port/db',
        '  - REDIS_URL "http://:***@cache" is not a redis:// or rediss:// URL',
        '  - LOG_LEVEL "loud" must be one of fatal, error, warn, info, debug, trace, silent',
        '  - STRATA_TTL_TASK_HIGH: -1 is not a whole number of seconds above 0',
        '  - STRATA_VOLATILITY_BASE_TASK="zz" is not a number',
        '',
      ].join('\n'),
    );
  });
});
