/**
 * A write that did not finish within `STRATA_WRITE_TIMEOUT_MS`: the database is not answering.
 * It carries `retryAfterSeconds`, which the HTTP layer answers as 503 with `Retry-After`.
 */
export class WriteTimeoutError extends Error {
  readonly retryAfterSeconds: number;

  constructor(timeoutMs: number) {
    super(
      `the write did not finish within ${timeoutMs} ms: the database is not answering; ` +
        'it may or may not have been applied, read it back before retrying',
    );
    this.name = 'WriteTimeoutError';
    this.retryAfterSeconds = Math.ceil(timeoutMs / 1000);
  }
}

/**
 * The write's result, or WriteTimeoutError once `timeoutMs` has passed. The write itself goes on
 * (its statements are bounded by the statement timeout); what it later rejects with is dropped.
 */
export function withinWriteBound<T>(write: Promise<T>, timeoutMs: number): Promise<T> {
  write.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WriteTimeoutError(timeoutMs)), timeoutMs);
  });
  return Promise.race([write, timeout]).finally(() => clearTimeout(timer));
}
