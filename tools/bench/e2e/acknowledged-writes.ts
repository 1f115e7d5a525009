/**
 * The latest version of each task that a PATCH acknowledgement has reported, per source: a read
 * that begins after the acknowledgement of version v and answers an older one is a stale read.
 */
export class AcknowledgedWrites {
  private readonly versions = new Map<string, number>();

  acknowledge(taskId: string, version: number): void {
    if (version > (this.versions.get(taskId) ?? 0)) {
      this.versions.set(taskId, version);
    }
  }

  /** The version a read of `taskId` that begins now must answer at least; 0 when never written. */
  floor(taskId: string): number {
    return this.versions.get(taskId) ?? 0;
  }
}

const VERSION_FIELD = '"version":';

/**
 * The task's version in a resolved task context's JSON: its chain runs from global down to the
 * task and is the answer's last field, so the last `"version":` is the task's.
 */
export function taskVersionOf(body: string): number {
  const at = body.lastIndexOf(VERSION_FIELD);
  if (at < 0) {
    throw new Error(`an answer without a version: ${body.slice(0, 200)}`);
  }
  return Number.parseInt(body.slice(at + VERSION_FIELD.length), 10);
}
