import { setTimeout as sleep } from 'node:timers/promises';
import { SeededRandom } from '../seed/random';
import { ZipfSampler } from '../workload/zipf-sampler';
import type { DemoIds } from './demo-data';

/** A write the api answered 2xx: what it wrote and the version it said it stored. */
export interface AcknowledgedWrite {
  table: 'task' | 'project';
  id: string;
  version: number;
  /** The value written, `data.seq`: unique per write of a run. */
  seq: number;
}

export interface MixedLoadSpec {
  /** Requests go to one of these, in turn (replicas behind a balancer). */
  baseUrls: string[];
  ids: DemoIds;
  /** Requests in flight at once. */
  concurrency: number;
  /** Requests per second, all workers together; unset: as fast as the answers come. */
  ratePerSecond?: number;
  /** Share of requests that write: a PATCH of a task (most) or a project, or a login. */
  writeShare: number;
  seed: number;
  headers?: Record<string, string>;
  onAcknowledged?(write: AcknowledgedWrite): void;
  requestTimeoutMs?: number;
  /** The `seq` the first write uses, so that runs which follow each other never repeat one. */
  firstSequence?: number;
}

/**
 * Mixed reads and writes as the platform makes them: resolved task contexts and entities read
 * with Zipf popularity, tasks and projects patched, users logging in. Counts every status; a
 * request that got no answer (the process was killed, the connection refused) counts as failed.
 */
export class MixedLoad {
  requests = 0;
  failed = 0;
  /** 503s with Retry-After: overload shedding, a designed answer under lag (in `statuses` too). */
  shed = 0;
  readonly statuses = new Map<number, number>();
  private running = false;
  private workers: Promise<void>[] = [];
  private readonly random: SeededRandom;
  private readonly tasks: ZipfSampler;
  private readonly projects: ZipfSampler;
  private sequence: number;
  private started = 0;

  constructor(private readonly spec: MixedLoadSpec) {
    this.random = new SeededRandom(spec.seed);
    this.sequence = (spec.firstSequence ?? 1) - 1;
    this.tasks = new ZipfSampler(spec.ids.tasks.length, 1);
    this.projects = new ZipfSampler(spec.ids.projects.length, 1);
  }

  start(): void {
    this.running = true;
    this.started = performance.now();
    this.workers = Array.from({ length: this.spec.concurrency }, () => this.work());
  }

  /** The last `seq` a write used. */
  get lastSequence(): number {
    return this.sequence;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    while (this.running) {
      if (this.spec.ratePerSecond !== undefined) {
        const due = this.started + (this.requests / this.spec.ratePerSecond) * 1000;
        const wait = due - performance.now();
        if (wait > 0) {
          await sleep(wait);
        }
      }
      if (!this.running) {
        return;
      }
      await this.one();
    }
  }

  private async one(): Promise<void> {
    const baseUrl = this.spec.baseUrls[this.requests % this.spec.baseUrls.length];
    this.requests += 1;
    const { method, path, body, write } = this.next();
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...this.spec.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.spec.requestTimeoutMs ?? 10_000),
      });
      const text = await response.text();
      this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
      if (response.status === 503 && response.headers.has('retry-after')) {
        this.shed += 1;
      }
      if (write !== undefined && response.ok) {
        this.spec.onAcknowledged?.({
          ...write,
          version: (JSON.parse(text) as { version: number }).version,
        });
      }
    } catch {
      this.failed += 1;
    }
  }

  private next(): {
    method: string;
    path: string;
    body?: unknown;
    write?: Omit<AcknowledgedWrite, 'version'>;
  } {
    const { ids } = this.spec;
    const task = ids.tasks[this.tasks.rank(this.random)];
    if (this.random.next() < this.spec.writeShare) {
      const choice = this.random.next();
      const seq = ++this.sequence;
      if (choice < 0.7) {
        return {
          method: 'PATCH',
          path: `/v1/tasks/${task}`,
          body: { data: { seq } },
          write: { table: 'task', id: task, seq },
        };
      }
      if (choice < 0.9) {
        const project = ids.projects[this.projects.rank(this.random)];
        return {
          method: 'PATCH',
          path: `/v1/projects/${project}`,
          body: { data: { seq } },
          write: { table: 'project', id: project, seq },
        };
      }
      return { method: 'POST', path: `/v1/users/${this.random.pick(ids.users)}/login` };
    }
    const choice = this.random.next();
    if (choice < 0.65) return { method: 'GET', path: `/v1/contexts/task/${task}` };
    if (choice < 0.85) return { method: 'GET', path: `/v1/tasks/${task}` };
    if (choice < 0.95)
      return {
        method: 'GET',
        path: `/v1/projects/${ids.projects[this.projects.rank(this.random)]}`,
      };
    return { method: 'GET', path: `/v1/users/${this.random.pick(ids.users)}` };
  }
}
