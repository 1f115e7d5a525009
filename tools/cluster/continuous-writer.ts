import type { Cluster } from './cluster';
import { send } from './http';

/**
 * A third process writing continuously (the harness itself, beside the replicas): each loop
 * patches projects of its own through the replicas in turn, one request at a time.
 */
export class ContinuousWriter {
  private running = true;
  private readonly loops: Promise<void>[];
  writes = 0;
  failed = 0;

  private constructor(cluster: Cluster, ids: string[]) {
    this.loops = ids.map(async (id, loop) => {
      for (let n = 0; this.running; n++) {
        const replica = cluster.replicas[(n + loop) % 2];
        const answer = await send(replica.baseUrl, 'PATCH', `/v1/projects/${id}`, {
          data: { n },
        });
        this.writes += 1;
        this.failed += answer.status === 200 ? 0 : 1;
      }
    });
  }

  static async start(cluster: Cluster, loops: number): Promise<ContinuousWriter> {
    const ids: string[] = [];
    for (let loop = 0; loop < loops; loop++) {
      const id = `writer-${Date.now()}-${loop}`;
      await send(cluster.replicas[0].baseUrl, 'POST', '/v1/projects', { id, name: id, data: {} });
      ids.push(id);
    }
    return new ContinuousWriter(cluster, ids);
  }

  async stop(): Promise<{ writes: number; failed: number }> {
    this.running = false;
    await Promise.all(this.loops);
    return { writes: this.writes, failed: this.failed };
  }
}
