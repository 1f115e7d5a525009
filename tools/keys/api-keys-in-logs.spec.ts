import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appBundles } from '../harness/app-bundles';
import { freePort, PORT_RANGES } from '../harness/ports';
import { createScratchDatabase, type ScratchDatabase } from '../harness/scratch-database';
import { ServerProcess } from '../harness/server-process';

jest.setTimeout(180_000);

/** Distinctive, so that any trace of one in the output is found. */
const SECRETS = {
  admin: 'adminsecret-Q7x2kL9pVw',
  hashed: 'hashedsecret-M3n8bR1tZy',
  guessed: 'guessedsecret-H4c6dF0sJu',
};

describe('API keys never reach the logs (a real api process)', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('sqlite', 'keys');
  });

  afterAll(() => database.drop());

  it('prints no key, configured, presented or guessed, through start, requests, refusals and shutdown', async () => {
    const bundles = appBundles();
    const port = await freePort(PORT_RANGES.keys);
    const digest = createHash('sha256').update(SECRETS.hashed).digest('hex');
    const api = await ServerProcess.start({
      name: 'api',
      bundle: bundles.api,
      port,
      env: {
        PORT: String(port),
        DATABASE_URL: database.url,
        STRATA_API_KEYS: `${SECRETS.admin}:admin,sha256:${digest}:read`,
        STRATA_AUTH_MAX_FAILURES: '3',
      },
    });
    const send = (key: string | undefined, path = '/v1/global', init: RequestInit = {}) =>
      fetch(`${api.baseUrl}${path}`, {
        ...init,
        headers: {
          ...(key === undefined ? {} : { 'x-api-key': key }),
          'content-type': 'application/json',
        },
      });
    expect((await send(SECRETS.admin)).status).toBe(200);
    expect((await send(SECRETS.hashed)).status).toBe(200);
    expect(
      (await send(SECRETS.hashed, '/v1/global', { method: 'PUT', body: '{"data":{}}' })).status,
    ).toBe(403);
    const refused = await send(SECRETS.guessed);
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain(SECRETS.guessed);
    // A malformed body and a fault path with a good key: what an error log would print.
    expect(
      (await send(SECRETS.admin, '/v1/projects', { method: 'POST', body: '{"id":' })).status,
    ).toBe(400);
    for (let attempt = 0; attempt < 3; attempt++) {
      await send(`${SECRETS.guessed}-${attempt}`);
    }
    expect((await send(SECRETS.admin)).status).toBe(429);
    await api.stop();

    expect(api.log).toContain('listening on');
    for (const secret of [...Object.values(SECRETS), digest]) {
      expect(api.log).not.toContain(secret);
    }
  });

  it('names no key in the configuration error a malformed STRATA_API_KEYS gets at start', () => {
    const bundles = appBundles();
    const started = spawnSync(process.execPath, [bundles.api], {
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: '0',
        DATABASE_URL: database.url,
        // A key with a space, one with an unknown scope, and key and scope swapped.
        STRATA_API_KEYS: `bad ${SECRETS.admin}:admin,${SECRETS.hashed}:root,admin:${SECRETS.guessed}`,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const output = `${started.stdout}${started.stderr}`;
    expect(started.status).toBe(1);
    expect(output).toContain('STRATA_API_KEYS entry 1 of 3');
    for (const secret of Object.values(SECRETS)) {
      expect(output).not.toContain(secret);
    }
  });
});
