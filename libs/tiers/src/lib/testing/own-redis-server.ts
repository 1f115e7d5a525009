import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/**
 * A redis-server of the test's own on a port of its own, so a test can count what it executes
 * or kill it: the shared Redis is never stopped, paused or flushed.
 */
export class OwnRedisServer {
  private constructor(
    readonly port: number,
    private readonly process: ChildProcess,
  ) {}

  static async start(port: number): Promise<OwnRedisServer> {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const server = new OwnRedisServer(port, child);
    const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => undefined);
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return server;
      } catch {
        await sleep(50);
      }
    }
    probe.disconnect();
    await server.kill();
    throw new Error(`redis-server did not start on port ${port}`);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** SIGKILL, as a crash would; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) {
      return;
    }
    const exited = once(this.process, 'exit');
    this.process.kill('SIGKILL');
    await exited;
  }
}
