import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EntityStore } from '@strata/contexts';
import { OwnPostgresServer, ownPostgresForTests } from '@strata/database/testing';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import supertest from 'supertest';
import { createApiApp } from '../create-api-app';
import { expectErrorBody } from './api-test-app';

// Below Linux's ephemeral range (32768-60999): an outgoing connection's local port there (one to
// PostgreSQL in TIME-WAIT, say) kept a test's own server from binding it.
const PORT = 31002;
const STATEMENT_TIMEOUT_MS = 1_000;
const WRITE_TIMEOUT_MS = 1_500;
/** What a loaded machine may add to the bound before an answer counts as a hang. */
const SLACK_MS = 2_500;

const ENV = {
  LOG_LEVEL: 'silent',
  STRATA_OVERLOAD_MAX_LAG_MS: '0',
  STRATA_DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
  STRATA_WRITE_TIMEOUT_MS: String(WRITE_TIMEOUT_MS),
};

async function timed(
  request: supertest.Test,
): Promise<{ response: supertest.Response; ms: number }> {
  const started = Date.now();
  const response = await request;
  return { response, ms: Date.now() - started };
}

/** Retries until the route answers 2xx; the time it took, or a failure after `withinMs`. */
async function recovered(attempt: () => supertest.Test, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const response = await attempt();
    if (response.status < 300) {
      return Date.now() - started;
    }
    expect(response.status).toBe(503);
    if (Date.now() - started > withinMs) {
      throw new Error(`still ${response.status} after ${withinMs} ms: ${response.text}`);
    }
    await sleep(200);
  }
}

const suite = ownPostgresForTests() ? describe : describe.skip;

suite('PostgreSQL paused (SIGSTOP on a server of the test’s own)', () => {
  let server: OwnPostgresServer;
  let app: NestFastifyApplication;
  let http: () => ReturnType<typeof supertest>;

  beforeAll(async () => {
    server = await OwnPostgresServer.start(PORT);
    app = await createApiApp({ env: { ...ENV, DATABASE_URL: server.url } });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    http = () => supertest(app.getHttpServer());
    const store = app.get(EntityStore);
    await store.create('project', { id: 'p1', name: 'one', data: { n: 0 } });
    await store.create('project', { id: 'p2', name: 'two', data: { n: 0 } });
    await store.create('project', { id: 'p3', name: 'three', data: { n: 0 } });
  }, 60_000);

  afterAll(async () => {
    server?.resume();
    await app?.close();
    await server?.stop();
  });

  it('answers writes 503 with Retry-After within the write bound, serves cached reads, and recovers by itself', async () => {
    // Read until the hot tier, which lives in the process, holds it (a warm hit read again is
    // promoted); the warm and cold tiers are in the paused database too.
    const cached = await readUntilHot('/v1/contexts/project/p2');
    await readUntilHot('/v1/contexts/project/p1');

    server.pause();
    try {
      const writes = await Promise.all(
        Array.from({ length: 8 }, (_, n) =>
          timed(
            http()
              .patch('/v1/projects/p1')
              .send({ data: { n: n + 1 } }),
          ),
        ),
      );
      for (const { response, ms } of writes) {
        expectErrorBody(response, 503);
        expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(ms).toBeLessThan(WRITE_TIMEOUT_MS + SLACK_MS);
      }
      // The source of truth is required: not ready (quickly), though the process works.
      const ready = await timed(http().get('/health/ready'));
      expect(ready.response.status).toBe(503);
      expect(ready.response.body.error.database.status).toBe('down');
      expect(ready.ms).toBeLessThan(WRITE_TIMEOUT_MS + SLACK_MS);
      expect((await http().get('/health/live')).status).toBe(200);
      const read = await timed(http().get('/v1/contexts/project/p2'));
      expect(read.response.status).toBe(200);
      expect(read.response.body).toEqual(cached.body);
      // A write with an unknown outcome drops what it aimed at, which then needs the source:
      // like anything uncached, that is a 503, never a 500.
      for (const path of ['/v1/contexts/project/p1', '/v1/contexts/project/p3']) {
        const uncached = await timed(http().get(path));
        expectErrorBody(uncached.response, 503);
        expect(uncached.response.headers['retry-after']).toBeDefined();
        expect(uncached.ms).toBeLessThan(WRITE_TIMEOUT_MS + SLACK_MS + 5_000);
      }
    } finally {
      server.resume();
    }

    await recovered(
      () =>
        http()
          .patch('/v1/projects/p1')
          .send({ data: { n: 100 } }),
      20_000,
    );
    const after = await http().get('/v1/contexts/project/p1');
    expect(after.status).toBe(200);
    expect(after.body.data.n).toBe(100);
    expect((await http().get('/v1/contexts/project/p3')).status).toBe(200);
    expect((await http().get('/health/ready')).status).toBe(200);
  }, 60_000);

  async function readUntilHot(path: string): Promise<supertest.Response> {
    let response = await http().get(path);
    for (let reads = 1; response.headers['x-cache'] !== 'hot' && reads < 10; reads++) {
      response = await http().get(path);
    }
    expect(response.headers['x-cache']).toBe('hot');
    return response;
  }
});

describe('SQLite held by another process’s write (busy timeout)', () => {
  let directory: string;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'strata-busy-'));
    app = await createApiApp({
      env: { ...ENV, DATABASE_URL: `sqlite:${join(directory, 'strata.sqlite')}` },
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    await app.get(EntityStore).create('project', { id: 'p1', name: 'one', data: { n: 0 } });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('answers a write 503 with Retry-After once the busy timeout passes, and succeeds once the lock is gone', async () => {
    const other = new Database(join(directory, 'strata.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const { response, ms } = await timed(
        supertest(app.getHttpServer())
          .patch('/v1/projects/p1')
          .send({ data: { n: 1 } }),
      );
      expectErrorBody(response, 503);
      expect(response.headers['retry-after']).toBeDefined();
      expect(ms).toBeLessThan(WRITE_TIMEOUT_MS + SLACK_MS);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const retried = await supertest(app.getHttpServer())
      .patch('/v1/projects/p1')
      .send({ data: { n: 2 } });
    expect(retried.status).toBe(200);
    expect(retried.body.data.n).toBe(2);
  });
});
