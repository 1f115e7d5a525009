// A child process that floods the api with uncached work for the overload run: reads of tasks
// that do not exist (every one a loader call, never cached), reads of real tasks, and writes.
// Its own process, so that its event loop is not the one measuring the cached reads.
// argv: <baseUrl> <connections> <seconds> <comma-separated task ids>
import autocannon from 'autocannon';

async function main(): Promise<void> {
  const [baseUrl, connections, seconds, ids] = process.argv.slice(2);
  const tasks = ids.split(',');
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: Number(connections),
    duration: Number(seconds),
    requests: [
      {
        setupRequest: (request) => {
          next += 1;
          const task = tasks[(next * 7919) % tasks.length];
          const kind = next % 10;
          if (kind < 5) {
            return { ...request, method: 'GET', path: `/v1/contexts/task/missing-${next}` };
          }
          if (kind < 8) {
            return { ...request, method: 'GET', path: `/v1/contexts/task/${task}` };
          }
          return {
            ...request,
            method: 'PATCH',
            path: `/v1/tasks/${task}`,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ data: { flood: next } }),
          };
        },
      },
    ],
  });
  process.stdout.write(
    JSON.stringify({
      requests: result.requests.total,
      statusCodes: result.statusCodeStats,
      errors: result.errors,
      timeouts: result.timeouts,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
