import { performance } from 'node:perf_hooks';
import type { AcknowledgedWrites } from './acknowledged-writes';

export interface WriterSpec {
  baseUrl: string;
  nextId: () => string;
  perSecond: number;
  acknowledged: AcknowledgedWrites;
}

export interface WriterResult {
  writes: number;
  /**
   * PATCHes the server refused with a 503 under the load (its write bound: rolled back, not
   * applied), so that no read can owe them anything.
   */
  refused: number;
  /** Of the acknowledgements, in milliseconds. */
  p50Ms: number;
  p99Ms: number;
}

export interface RunningWriter {
  stop(): Promise<WriterResult>;
}

/**
 * PATCHes a task's data at a fixed rate (each write on its own schedule, not waiting for the one
 * before, as independent clients would), recording every acknowledged version. A 503 (refused,
 * not applied) is counted; any other answer but a 200 voids the run.
 */
export function startWriter(spec: WriterSpec): RunningWriter {
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: Error | undefined;
  let sequence = 0;
  let refused = 0;
  const write = async () => {
    const id = spec.nextId();
    const started = performance.now();
    const response = await fetch(`${spec.baseUrl}/v1/tasks/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { benchWrite: ++sequence } }),
    });
    const body = await response.text();
    if (response.status === 503) {
      refused += 1;
      return;
    }
    if (response.status !== 200) {
      throw new Error(`PATCH /v1/tasks/${id} answered ${response.status}: ${body.slice(0, 200)}`);
    }
    spec.acknowledged.acknowledge(id, (JSON.parse(body) as { version: number }).version);
    latencies.push(performance.now() - started);
  };
  const timer = setInterval(() => {
    const pending = write().catch((error: unknown) => {
      failure ??= error instanceof Error ? error : new Error(String(error));
    });
    inFlight.add(pending);
    void pending.finally(() => inFlight.delete(pending));
  }, 1000 / spec.perSecond);
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all(inFlight);
      if (failure) {
        throw failure;
      }
      latencies.sort((a, b) => a - b);
      const at = (share: number) =>
        latencies.length === 0
          ? 0
          : latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))];
      return { writes: latencies.length, refused, p50Ms: at(0.5), p99Ms: at(0.99) };
    },
  };
}
