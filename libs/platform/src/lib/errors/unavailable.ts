/**
 * The contract by which a library refuses work for now without knowing HTTP: an error carrying
 * `retryAfterSeconds` is answered 503 with `Retry-After` (the source overloaded, a load that did
 * not finish in time). `@strata/tiers`' SourceUnavailableError is one.
 */
export interface RetryLater {
  message: string;
  retryAfterSeconds: number;
}

export function isRetryLater(error: unknown): error is RetryLater {
  const seconds = (error as Partial<RetryLater> | undefined)?.retryAfterSeconds;
  return error instanceof Error && typeof seconds === 'number' && Number.isFinite(seconds);
}
