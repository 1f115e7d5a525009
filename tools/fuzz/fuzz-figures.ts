import type { RawHttpResponse } from '@strata/platform/testing';
import type { FuzzRequest } from './fuzz-request';

interface OperationFigures {
  requests: number;
  valid: number;
  statuses: Map<number, number>;
}

/** What one target's run sent and got back. */
export class FuzzFigures {
  requests = 0;
  findings = 0;
  /** State that moved between two snapshots around a rejected request, and did not again when it was replayed. */
  unconfirmedChanges = 0;
  slowestMs = 0;
  readonly operations = new Map<string, OperationFigures>();
  readonly variants = new Map<string, number>();
  readonly statuses = new Map<number, number>();
  private readonly started = performance.now();

  record(request: FuzzRequest, response: RawHttpResponse): void {
    this.requests += 1;
    this.slowestMs = Math.max(this.slowestMs, response.elapsedMs);
    const operation = this.operations.get(request.operation) ?? {
      requests: 0,
      valid: 0,
      statuses: new Map(),
    };
    operation.requests += 1;
    if (request.variant === 'valid') {
      operation.valid += 1;
    }
    operation.statuses.set(response.status, (operation.statuses.get(response.status) ?? 0) + 1);
    this.operations.set(request.operation, operation);
    this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
    const kind = request.variant
      .split(';')[0]
      .replace(/: .*$/, '')
      .replace(/ \d+ deep/, ' N deep');
    this.variants.set(kind, (this.variants.get(kind) ?? 0) + 1);
  }

  get elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** Operations of the document that got at least one valid request answered 2xx. */
  operationsSucceeded(): number {
    let count = 0;
    for (const [name, figures] of this.operations) {
      if (
        name !== 'unrouted' &&
        [...figures.statuses.keys()].some((status) => status >= 200 && status < 300)
      ) {
        count += 1;
      }
    }
    return count;
  }

  statusSummary(): string {
    return [...this.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
  }
}
