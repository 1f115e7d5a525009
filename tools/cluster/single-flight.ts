import type { Cluster } from './cluster';
import { send, sendUntilAvailable } from './http';

export interface SingleFlightResult {
  keys: number;
  readsPerKey: number;
  /** Source loads of each key, summed over every process of the cluster. */
  loadsPerKey: number[];
  non2xx: number;
}

interface TypeLoads {
  types?: Record<string, { loads?: number }>;
}

/**
 * Cluster-wide single flight: `reads` concurrent first reads of one resolved context, half on
 * each replica, and the loads the source ran for it (the `context` type's loads in both
 * replicas' /v1/cache/stats: nothing else reads contexts meanwhile, and the warmer loads none).
 */
export async function measureSingleFlight(
  cluster: Cluster,
  keys: number,
  reads: number,
  label: string,
): Promise<SingleFlightResult> {
  const replicas = cluster.replicas.map((replica) => replica.baseUrl);
  const loadsPerKey: number[] = [];
  let non2xx = 0;
  for (let key = 0; key < keys; key++) {
    const id = `flight-${label}-${Date.now()}-${key}`;
    const created = await sendUntilAvailable(replicas[0], 'POST', '/v1/projects', {
      id,
      name: id,
      data: {},
    });
    if (created.status !== 201) {
      throw new Error(`creating ${id} answered ${created.status}`);
    }
    const before = await contextLoads(replicas);
    const answers = await Promise.all(
      Array.from({ length: reads }, (_, n) =>
        send(replicas[n % replicas.length], 'GET', `/v1/contexts/project/${id}`),
      ),
    );
    non2xx += answers.filter((answer) => answer.status < 200 || answer.status >= 300).length;
    loadsPerKey.push((await contextLoads(replicas)) - before);
  }
  return { keys, readsPerKey: reads, loadsPerKey, non2xx };
}

async function contextLoads(processes: readonly string[]): Promise<number> {
  let total = 0;
  for (const base of processes) {
    const stats = await send(base, 'GET', '/v1/cache/stats');
    total += (stats.body as TypeLoads).types?.['context']?.loads ?? 0;
  }
  return total;
}
