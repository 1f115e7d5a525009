import { OwnRedisServer } from '@strata/tiers/testing';
import { appBundles } from '../harness/app-bundles';
import { freePort, PORT_RANGES } from '../harness/ports';
import { createScratchDatabase, type ScratchDatabase } from '../harness/scratch-database';
import { ServerProcess, type ServerProcessSpec } from '../harness/server-process';

export type Deployment = 'sqlite' | 'postgres+redis' | 'postgres';

/**
 * Two api processes from the working tree's bundle over one database: the embedded default's
 * SQLite files, or a scratch PostgreSQL database with (for `postgres+redis`) a redis-server of
 * their own, so that the bus's channel meets no other run's.
 */
export interface ReplicaPair {
  deployment: Deployment;
  a: ServerProcess;
  b: ServerProcess;
  stop(): Promise<void>;
}

export async function startReplicaPair(
  deployment: Deployment,
  ports: readonly [number, number] = PORT_RANGES.bus,
  env: Record<string, string> = {},
): Promise<ReplicaPair> {
  const bundles = appBundles();
  const database: ScratchDatabase = await createScratchDatabase(
    deployment === 'sqlite' ? 'sqlite' : 'postgres',
    'bus',
  );
  const redis =
    deployment === 'postgres+redis'
      ? await OwnRedisServer.start(await freePort(PORT_RANGES.busRedis))
      : undefined;
  const started: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((server) => server.stop()));
    await redis?.kill();
    await database.drop();
  };
  try {
    for (const name of ['api-a', 'api-b']) {
      started.push(
        await startOnFreePort(ports, (port) => ({
          name,
          bundle: bundles.api,
          port,
          env: {
            PORT: String(port),
            DATABASE_URL: database.url,
            LOG_LEVEL: 'warn',
            ...(redis ? { REDIS_URL: redis.url } : {}),
            ...env,
          },
        })),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { deployment, a: started[0], b: started[1], stop };
}

/**
 * A port free when probed can be taken before the process binds it (the range lies inside the
 * kernel's ephemeral ports, which other tests' listen(0) draw from): then another port.
 */
async function startOnFreePort(
  ports: readonly [number, number],
  spec: (port: number) => ServerProcessSpec,
): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ServerProcess.start(spec(await freePort(ports)));
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) {
        throw error;
      }
    }
  }
}
