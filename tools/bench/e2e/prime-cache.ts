/**
 * Reads every task's context once, `concurrency` at a time, as the warmer's sweep of active task
 * contexts would: without it, Zipf(1.0)'s long tail keeps missing for minutes (each key's first
 * read is a miss), and the cached runs would measure how far the fill had got, not the cache.
 */
export async function primeCache(
  baseUrl: string,
  taskIds: readonly string[],
  concurrency: number,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < taskIds.length) {
      const id = taskIds[next++];
      const response = await fetch(`${baseUrl}/v1/contexts/task/${id}`);
      await response.arrayBuffer();
      if (response.status !== 200) {
        throw new Error(`priming: GET /v1/contexts/task/${id} answered ${response.status}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
