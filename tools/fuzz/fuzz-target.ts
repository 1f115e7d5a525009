import { randomBytes } from 'node:crypto';
import type { AppBundles } from '../harness/app-bundles';
import { JsonClient } from '../harness/json-client';
import { freePort, PORT_RANGES } from '../harness/ports';
import {
  createScratchDatabase,
  type DatabaseKind,
  type ScratchDatabase,
} from '../harness/scratch-database';
import { ServerProcess } from '../harness/server-process';
import { sourceFingerprint } from '../harness/source-of-truth';
import type { TargetKeys } from './request-arbitrary';
import type { ValuePool } from './value-pool';

/** TTL types and bands (DESIGN §4): every entry lives a day, so nothing expires mid-run. */
const TTL_TYPES = ['task', 'project', 'user', 'git_branch', 'agent', 'template', 'context'];
const TTL_BANDS = ['high', 'medium', 'low'];

/** The timeouts a stalling request waits out: short, so that a run spends its time on requests. */
export const FUZZ_HTTP_TIMEOUT_MS = 300;

/** What a rejected request must leave as it was. */
export interface TargetState {
  /** The source of truth's fingerprint (sourceFingerprint). */
  source: string;
  /** Entries per tier, from /v1/cache/stats. */
  cache: string;
}

/** One api process on its own database, seeded, and how to read what it stores. */
export interface FuzzTarget {
  name: string;
  kind: DatabaseKind;
  port: number;
  keys?: TargetKeys;
  server: ServerProcess;
  /** The source of truth's fingerprint and the cache's entry counts, read now. */
  snapshot(): Promise<TargetState>;
  close(): Promise<void>;
}

export async function openFuzzTarget(
  kind: DatabaseKind,
  withKeys: boolean,
  bundles: AppBundles,
  pool: ValuePool,
): Promise<FuzzTarget> {
  const database = await createScratchDatabase(kind, 'fuzz');
  const port = await freePort(PORT_RANGES.fuzz);
  const keys = withKeys
    ? {
        admin: `fuzz-admin-${randomBytes(6).toString('hex')}`,
        read: `fuzz-read-${randomBytes(6).toString('hex')}`,
      }
    : undefined;
  let server: ServerProcess;
  try {
    server = await ServerProcess.start({
      name: `api (${kind}${withKeys ? ', keys' : ''})`,
      bundle: bundles.api,
      port,
      env: fuzzEnvironment(database, port, keys),
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const headers: Record<string, string> = keys ? { 'x-api-key': keys.admin } : {};
  await seed(server.baseUrl, headers, pool);
  const client = new JsonClient(server.baseUrl, headers);
  return {
    name: `${kind}, ${withKeys ? 'with keys' : 'without keys'}`,
    kind,
    port,
    keys,
    server,
    snapshot: async () => {
      // Both read the state the last answer left; nothing else writes meanwhile.
      const [stats, source] = await Promise.all([
        client.get<{ tiers: Record<string, { entries: number }> }>('/v1/cache/stats'),
        sourceFingerprint(database),
      ]);
      const cache = ['hot', 'warm', 'cold']
        .map((tier) => `${tier}=${stats.tiers[tier]?.entries}`)
        .join(' ');
      return { source, cache };
    },
    close: async () => {
      client.close();
      await server.stop();
      await database.drop();
    },
  };
}

function fuzzEnvironment(
  database: ScratchDatabase,
  port: number,
  keys: TargetKeys | undefined,
): Record<string, string> {
  const ttl = Object.fromEntries(
    TTL_TYPES.flatMap((type) =>
      TTL_BANDS.map((band) => [`STRATA_TTL_${type.toUpperCase()}_${band.toUpperCase()}`, '86400']),
    ),
  );
  return {
    ...ttl,
    PORT: String(port),
    DATABASE_URL: database.url,
    STRATA_API_KEYS: keys ? `${keys.admin}:admin,${keys.read}:read` : '',
    STRATA_HTTP_HEADERS_TIMEOUT_MS: String(FUZZ_HTTP_TIMEOUT_MS),
    STRATA_HTTP_BODY_TIMEOUT_MS: String(FUZZ_HTTP_TIMEOUT_MS),
    // No refusal is legitimate in a fuzz run: every 5xx is then a finding. Overload has its own run.
    STRATA_OVERLOAD_MAX_LAG_MS: '0',
    STRATA_SOURCE_MAX_QUEUED: '1000000',
    STRATA_LOADER_HARD_TIMEOUT_MS: '60000',
    // A shared tier's call that outlasts its bound on a loaded machine is replayed later as a
    // delete, removing an entry under whatever request comes next (a finding on PostgreSQL:
    // a 404 HEAD "removed" a warm entry). The breaker has its own tests.
    STRATA_TIER_CALL_TIMEOUT_MS: '10000',
    // The fuzzer's wrong keys would otherwise lock it out within a second; the limit has tests.
    STRATA_AUTH_MAX_FAILURES: '1000000',
  };
}

/** A small hierarchy, so that valid requests name things that exist. */
async function seed(baseUrl: string, auth: Record<string, string>, pool: ValuePool): Promise<void> {
  const send = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`seeding ${method} ${path}: ${response.status} ${await response.text()}`);
    }
    pool.addFromAnswer(await response.json());
  };
  await send('PUT', '/v1/global', { data: { tone: 'formal', limits: { depth: 3 } } });
  for (let index = 1; index <= 3; index++) {
    await send('POST', '/v1/projects', {
      id: `p${index}`,
      name: `Project ${index}`,
      data: { repo: `r${index}` },
    });
    await send('POST', '/v1/branches', {
      id: `b${index}`,
      projectId: `p${index}`,
      name: 'main',
      data: { branch: 'main' },
    });
    await send('POST', '/v1/users', {
      id: `u${index}`,
      name: `User ${index}`,
      data: {},
      projectIds: [`p${index}`],
    });
    await send('POST', '/v1/tasks', {
      id: `t${index}`,
      branchId: `b${index}`,
      title: `Task ${index}`,
      data: { n: index },
      assigneeIds: [`u${index}`],
    });
    await send('POST', '/v1/agents', { id: `a${index}`, name: `Agent ${index}`, data: {} });
    await send('POST', '/v1/templates', { id: `tp${index}`, name: `Template ${index}`, data: {} });
  }
  for (const key of [
    'task:t1',
    'project:p1',
    'git_branch:b2',
    'context:task:t1',
    'user:u1',
    'agent:a1',
  ]) {
    pool.add(key);
  }
}
