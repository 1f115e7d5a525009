import { expect } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ENTITY_TYPES, EntityStore } from '@strata/contexts';
import { createTestDatabase, type TestDatabase } from '@strata/database/testing';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { createApiApp } from '../create-api-app';
import { OpenApiConformance, recordingAgent, type RecordedResponse } from './openapi-conformance';

/**
 * Shared set-up of the api end-to-end suites: the real application on a fresh database of its
 * own, served through supertest without listening on a port.
 */

export type DatabaseKind = 'sqlite' | 'postgres';

export interface ApiTestApp {
  app: NestFastifyApplication;
  /** Requests to the app; each call starts a new request, and each response is recorded. */
  http: supertest.Agent;
  /** Every response `http` received, for the OpenAPI replay at close. */
  responses: RecordedResponse[];
  /** The source of truth behind the app, for seeding without going through the routes under test. */
  store: EntityStore;
  /** The port it listens on, when opened with `listen`; 0 otherwise. */
  port: number;
  /**
   * Checks every recorded response against the app's own OpenAPI document (failing the suite on a
   * mismatch), then closes the app and drops its database.
   */
  close(): Promise<void>;
}

export interface ApiTestAppOptions {
  /** `STRATA_API_KEYS`; without it every route is open, as on a loopback-only server. */
  apiKeys?: string;
  /** More environment, e.g. `STRATA_CACHE=off`, a warm tier in Redis, or `LOG_LEVEL` (silent). */
  env?: Record<string, string>;
  /** Redis key prefix of the warm tier, unique per suite. */
  redisKeyPrefix?: string;
  /** Listen on a free loopback port (or this one), for tests that speak HTTP over sockets. */
  listen?: boolean | number;
  /**
   * A database the caller keeps (and drops): an app opened on it after another one closed is a
   * restart over the same source and tiers. Without it, a fresh database dropped at close.
   */
  database?: TestDatabase;
}

export async function openApiTestApp(
  kind: DatabaseKind,
  options: ApiTestAppOptions = {},
): Promise<ApiTestApp> {
  const kept = options.database !== undefined;
  const database = options.database ?? (await createTestDatabase(kind));
  let app: NestFastifyApplication | undefined;
  try {
    // Configured as main.ts is, from an environment (this one, not the process's), so a test
    // cannot start a server the product would refuse.
    app = await createApiApp({
      env: {
        DATABASE_URL: database.url,
        STRATA_API_KEYS: options.apiKeys,
        LOG_LEVEL: 'silent',
        // Shedding on event-loop lag would make every suite depend on how busy the machine is;
        // the overload suite sets its own thresholds.
        STRATA_OVERLOAD_MAX_LAG_MS: '0',
        ...options.env,
      },
      schema: database.schema,
      redisKeyPrefix: options.redisKeyPrefix,
    });
    if (options.listen) {
      await app.listen(typeof options.listen === 'number' ? options.listen : 0, '127.0.0.1');
    } else {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
    }
  } catch (error) {
    // A suite whose set-up failed has no afterAll to clean up after it.
    await app?.close();
    if (!kept) {
      await database.drop();
    }
    throw error;
  }
  const started = app;
  const responses: RecordedResponse[] = [];
  return {
    app: started,
    http: recordingAgent(started.getHttpServer(), responses),
    responses,
    store: started.get(EntityStore),
    port: options.listen ? (started.getHttpServer().address() as AddressInfo).port : 0,
    close: async () => {
      const document = (await supertest(started.getHttpServer()).get('/docs-json')).body;
      const problems = new OpenApiConformance(document).problems(responses);
      await started.close();
      if (!kept) {
        await database.drop();
      }
      if (problems.length > 0) {
        throw new Error(
          `responses that do not match the OpenAPI document:\n  ${problems.join('\n  ')}`,
        );
      }
    },
  };
}

/** The plural route of every entity type (DESIGN §8). */
export const ENTITY_PLURALS = [
  'projects',
  'branches',
  'tasks',
  'users',
  'agents',
  'templates',
] as const;
export type EntityPlural = (typeof ENTITY_PLURALS)[number];

/** Ids of the hierarchy that `seedHierarchy` creates. */
export const SEEDED = {
  project: 'p1',
  branch: 'b1',
  task: 't1',
  user: 'u1',
  agent: 'a1',
  template: 'tp1',
} as const;

/** The seeded entity of each plural route. */
export const SEEDED_ID_BY_PLURAL: Record<EntityPlural, string> = {
  projects: SEEDED.project,
  branches: SEEDED.branch,
  tasks: SEEDED.task,
  users: SEEDED.user,
  agents: SEEDED.agent,
  templates: SEEDED.template,
};

/**
 * One entity of every type, with contexts that exercise every merge rule on resolution:
 * objects merge (`limits`), arrays replace (`tags`), null removes (`tone` at the task).
 */
export async function seedHierarchy(store: EntityStore): Promise<void> {
  await store.putGlobal({ tone: 'formal', limits: { tokens: 1000, depth: 3 }, tags: ['global'] });
  await store.create('project', {
    id: SEEDED.project,
    name: 'Project one',
    data: { repo: 'strata', limits: { depth: 5 } },
  });
  await store.create('git_branch', {
    id: SEEDED.branch,
    projectId: SEEDED.project,
    name: 'main',
    data: { branch: 'main', tags: ['branch'] },
  });
  await store.create('user', {
    id: SEEDED.user,
    name: 'Ann',
    data: { editor: 'vim' },
    projectIds: [SEEDED.project],
  });
  await store.create('task', {
    id: SEEDED.task,
    branchId: SEEDED.branch,
    title: 'Fix the build',
    data: { tone: null, limits: { tokens: 50 } },
    assigneeIds: [SEEDED.user],
  });
  await store.create('agent', { id: SEEDED.agent, name: 'reviewer', data: { model: 'm1' } });
  await store.create('template', { id: SEEDED.template, name: 'bug', data: { body: 'steps' } });
}

/** DESIGN §8's error shape: JSON `{statusCode, error, message}` with the response's own status. */
export function expectErrorBody(response: supertest.Response, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).toEqual({
    statusCode: status,
    error: expect.any(String),
    message: expect.any(String),
  });
}

/**
 * Everything a rejected write could have touched: the global context, every seeded entity, how
 * many entities of each type exist, and whether any of the ids the bad requests name exist.
 */
export async function readStoredState(
  api: ApiTestApp,
  idsThatMustNotExist: readonly string[],
): Promise<unknown> {
  const global = (await api.http.get('/v1/global')).body as unknown;
  const entities: Record<string, unknown> = {};
  for (const plural of ENTITY_PLURALS) {
    entities[plural] = (await api.http.get(`/v1/${plural}/${SEEDED_ID_BY_PLURAL[plural]}`)).body;
    for (const id of idsThatMustNotExist) {
      entities[`${plural}/${id}`] = (await api.http.get(`/v1/${plural}/${id}`)).status;
    }
  }
  const counts: Record<string, number> = {};
  for (const type of ENTITY_TYPES) {
    counts[type] = await api.store.count(type);
  }
  return { global, entities, counts };
}
