import { OwnPostgresServer } from '@strata/database/testing';
import { OwnRedisServer } from '@strata/tiers/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppBundles } from '../harness/app-bundles';
import { freePort } from '../harness/ports';
import { ServerProcess, type ServerProcessSpec } from '../harness/server-process';

/** The harness's share of the spare ports by default (TEAM.md); `--ports FROM-TO` moves it. */
export const CLUSTER_PORTS: readonly [number, number] = [49100, 49199];

/**
 * The deployments the README describes: two api replicas and the warmer on PostgreSQL and Redis
 * (Redis the warm tier, so the bus and the load lock too), on PostgreSQL alone, and on the
 * embedded default's SQLite files (the processes on one machine).
 */
export type Topology = 'postgres-redis' | 'postgres' | 'sqlite';
export const TOPOLOGIES: readonly Topology[] = ['postgres-redis', 'postgres', 'sqlite'];

/**
 * One topology as real processes, every server the harness's own so that it may pause or kill
 * them: its own PostgreSQL (initdb in a temporary directory) and its own redis-server, each on a
 * spare port, never the shared ones.
 */
export class Cluster {
  private constructor(
    readonly topology: Topology,
    readonly replicas: [ServerProcess, ServerProcess],
    readonly warmer: ServerProcess,
    readonly postgres: OwnPostgresServer | undefined,
    readonly redis: OwnRedisServer | undefined,
    private readonly cleanup: () => void,
  ) {}

  static async start(
    topology: Topology,
    bundles: AppBundles,
    ports: readonly [number, number] = CLUSTER_PORTS,
  ): Promise<Cluster> {
    const port = portsOf(ports);
    const postgres =
      topology === 'sqlite' ? undefined : await OwnPostgresServer.start(await port());
    const redis =
      topology === 'postgres-redis' ? await OwnRedisServer.start(await port()) : undefined;
    const directory = mkdtempSync(join(tmpdir(), 'strata-cluster-'));
    const env: Record<string, string> = {
      DATABASE_URL: postgres?.url ?? `sqlite:${join(directory, 'strata.sqlite')}`,
      ...(redis ? { REDIS_URL: redis.url, STRATA_WARM_STORE: 'redis' } : {}),
      LOG_LEVEL: 'error',
      // The machine is shared and loaded: shedding on its lag would measure the neighbours.
      STRATA_OVERLOAD_MAX_LAG_MS: '0',
    };
    const started: ServerProcess[] = [];
    try {
      // The first migrates alone; the others find the schema in place.
      const first = await ServerProcess.start(await apiSpec('api-a', bundles, env, port));
      started.push(first);
      const second = await ServerProcess.start(await apiSpec('api-b', bundles, env, port));
      started.push(second);
      const warmerPort = await port();
      const warmer = await ServerProcess.start({
        name: 'warmer',
        bundle: bundles.warmer,
        port: warmerPort,
        env: { ...env, WARMER_PORT: String(warmerPort) },
      });
      return new Cluster(topology, [first, second], warmer, postgres, redis, () =>
        rmSync(directory, { recursive: true, force: true }),
      );
    } catch (error) {
      await Promise.all(started.map((server) => server.kill()));
      await redis?.kill();
      await postgres?.stop();
      rmSync(directory, { recursive: true, force: true });
      throw error;
    }
  }

  /** kill -9 one replica and start it again on its port; the time until it answered /health. */
  async restartReplica(index: 0 | 1, whileDown: () => Promise<void>): Promise<number> {
    const victim = this.replicas[index];
    await victim.kill();
    await whileDown();
    const started = Date.now();
    this.replicas[index] = await ServerProcess.start(victim.spec);
    return Date.now() - started;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.replicas, this.warmer].map((server) => server.stop()));
    await this.redis?.kill();
    await this.postgres?.stop();
    this.cleanup();
  }
}

async function apiSpec(
  name: string,
  bundles: AppBundles,
  env: Record<string, string>,
  port: () => Promise<number>,
): Promise<ServerProcessSpec> {
  const apiPort = await port();
  return { name, bundle: bundles.api, port: apiPort, env: { ...env, PORT: String(apiPort) } };
}

/**
 * Ports of the range for one topology: each server gets one of its own, never one handed out
 * before (a server may be down when the next asks, and must find its port free on restart).
 */
function portsOf([from, to]: readonly [number, number]): () => Promise<number> {
  let next = from;
  return async () => {
    const found = await freePort([next, to]);
    next = found + 1;
    return found;
  };
}
