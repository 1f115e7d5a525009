/**
 * A write refused because it could not commit within `STRATA_WRITE_TIMEOUT_MS` (the database is
 * slow or not answering): it was rolled back before its commit, so nothing of it happened and it
 * may be retried. It carries `retryAfterSeconds`, which the HTTP layer answers as 503 with
 * `Retry-After`.
 */
export class WriteTimeoutError extends Error {
  readonly retryAfterSeconds: number;

  constructor(timeoutMs: number) {
    super(
      `the write could not be committed within ${timeoutMs} ms (the database is slow or not ` +
        'answering); it was not applied: try again',
    );
    this.name = 'WriteTimeoutError';
    this.retryAfterSeconds = Math.ceil(timeoutMs / 1000);
  }
}

/**
 * Runs `write` with a signal that aborts with WriteTimeoutError once `timeoutMs` has passed. The
 * write checks it up to its commit (EntityStore rolls back an aborted write) and ignores it from
 * then on, so the result is either the write's outcome or a refusal of a write that did not
 * happen, never a timeout answered while the write goes on. A statement under way when the bound
 * passes ends by the statement timeout, which is why the bound is at least that long.
 */
export async function withinWriteBound<T>(
  write: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
): Promise<T> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new WriteTimeoutError(timeoutMs)), timeoutMs);
  try {
    return await write(deadline.signal);
  } finally {
    clearTimeout(timer);
  }
}
