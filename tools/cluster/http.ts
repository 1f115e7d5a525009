/** One answer as the harness sees it: status, when it was sent, how long it took. */
export interface Answer {
  status: number;
  startedAt: number;
  ms: number;
  cache?: string;
  body: unknown;
}

/**
 * One request over HTTP with its timing; a refused connection or a timeout is status 0, so a
 * replica that is down counts as a failed answer rather than stopping the run.
 */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<Answer> {
  const startedAt = performance.now();
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return {
      status: response.status,
      startedAt,
      ms: performance.now() - startedAt,
      cache: response.headers.get('x-cache') ?? undefined,
      body: text.length > 0 && text.startsWith('{') ? JSON.parse(text) : text,
    };
  } catch (error) {
    return {
      status: 0,
      startedAt,
      ms: performance.now() - startedAt,
      body: `${String(error)} ${String((error as { cause?: unknown }).cause ?? '')}`,
    };
  }
}

/**
 * A write sent again while it answers 503, as a client honouring `Retry-After` does: on SQLite a
 * concurrent writer can hold the one write lock past the write's bound. The last answer is kept,
 * and its timing is that of the attempt that answered.
 */
export async function sendUntilAvailable(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  attempts = 20,
): Promise<Answer> {
  let answer = await send(baseUrl, method, path, body);
  for (let attempt = 1; answer.status === 503 && attempt < attempts; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    answer = await send(baseUrl, method, path, body);
  }
  return answer;
}

/** The version an entity answer carries, or -1. */
export function versionOf(answer: Answer): number {
  const version = (answer.body as { version?: unknown } | undefined)?.version;
  return typeof version === 'number' ? version : -1;
}

export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}
