/** Why the source was not asked: it is saturated, or the load did not settle in time. */
export type SourceUnavailableReason = 'overloaded' | 'loader-timeout';

/**
 * New work for the source of truth refused for now. It carries `retryAfterSeconds`, which the
 * HTTP layer answers as 503 with `Retry-After`; a stale value within grace answers instead when
 * there is one.
 */
export class SourceUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: SourceUnavailableReason,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'SourceUnavailableError';
  }
}
