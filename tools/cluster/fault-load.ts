import type { Cluster } from './cluster';
import { send, versionOf, type Answer } from './http';

export interface LoadRecord extends Answer {
  kind: 'read' | 'write';
  replica: number;
  key: string;
  version: number;
}

/**
 * The load a fault is injected under: readers on both replicas read every key back to back,
 * one writer patches the written keys through the replica `writer()` names. Every answer is
 * kept, with the version it carried.
 */
export class FaultLoad {
  readonly records: LoadRecord[] = [];
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(
    private readonly cluster: Cluster,
    readonly writtenKeys: readonly string[],
    readonly cachedKeys: readonly string[],
    private readonly writer: () => number,
    private readonly readers: () => readonly number[] = () => [0, 1],
  ) {
    const keys = [...writtenKeys, ...cachedKeys];
    this.loops = [...[0, 1].map((replica) => this.readLoop(replica, keys)), this.writeLoop()];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async readLoop(replica: number, keys: readonly string[]): Promise<void> {
    for (let n = 0; this.running; n++) {
      if (!this.readers().includes(replica)) {
        await pause(20);
        continue;
      }
      const key = keys[n % keys.length];
      const answer = await send(
        this.base(replica),
        'GET',
        `/v1/projects/${key}`,
        undefined,
        20_000,
      );
      this.records.push({ ...answer, kind: 'read', replica, key, version: versionOf(answer) });
    }
  }

  private async writeLoop(): Promise<void> {
    for (let n = 0; this.running; n++) {
      const replica = this.writer();
      const key = this.writtenKeys[n % this.writtenKeys.length];
      const answer = await send(
        this.base(replica),
        'PATCH',
        `/v1/projects/${key}`,
        { data: { n } },
        20_000,
      );
      this.records.push({ ...answer, kind: 'write', replica, key, version: versionOf(answer) });
      await pause(25);
    }
  }

  private base(replica: number): string {
    return this.cluster.replicas[replica].baseUrl;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Reads that began more than `boundMs` after a write of their key was acknowledged and answered
 * an older version than it.
 */
export function staleReads(
  records: readonly LoadRecord[],
  boundMs: number,
  from = 0,
): LoadRecord[] {
  const acknowledged = records
    .filter((record) => record.kind === 'write' && record.status === 200)
    .map((record) => ({
      key: record.key,
      version: record.version,
      at: record.startedAt + record.ms,
    }));
  return records.filter(
    (record) =>
      record.kind === 'read' &&
      record.status === 200 &&
      record.startedAt >= from &&
      acknowledged.some(
        (write) =>
          write.key === record.key &&
          write.at + boundMs < record.startedAt &&
          write.version > record.version,
      ),
  );
}
