import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** What the benchmark sends a server over IPC, and the server's answers. */
export type ServerCommand = { stop: true } | { cpu: true };
export interface ServerReply {
  ready?: true;
  /** `process.cpuUsage()`, in microseconds, when asked for `cpu`. */
  cpu?: NodeJS.CpuUsage;
}

/**
 * Listens, says "ready" over IPC, answers `cpu` with the process's CPU time (so that the
 * benchmark can charge a PATCH its server-side cost) and exits when told "stop", cleanly, so
 * that `node --cpu-prof` can write its profile.
 */
export async function serveUnderBenchmark(
  app: NestFastifyApplication,
  port: number,
  host: string,
): Promise<void> {
  await app.listen(port, host);
  const reply = (message: ServerReply) => process.send?.(message);
  reply({ ready: true });
  process.on('message', (message: ServerCommand) => {
    if ('stop' in message) {
      void app.close().then(() => process.exit(0));
    } else if ('cpu' in message) {
      reply({ cpu: process.cpuUsage() });
    }
  });
  // The benchmark died: do not outlive it.
  process.on('disconnect', () => process.exit(1));
}
