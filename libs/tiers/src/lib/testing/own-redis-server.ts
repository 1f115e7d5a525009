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
    private process: ChildProcess,
  ) {}

  static async start(port: number): Promise<OwnRedisServer> {
    const server = new OwnRedisServer(port, spawnRedis(port));
    await server.ready();
    return server;
  }

  /** SIGSTOP: it keeps its connections and answers nothing. */
  pause(): void {
    this.process.kill('SIGSTOP');
  }

  resume(): void {
    this.process.kill('SIGCONT');
  }

  /** A new, empty server on the same port after kill(), as a restarted cache would be. */
  async restart(): Promise<void> {
    await this.kill();
    this.process = spawnRedis(this.port);
    await this.ready();
  }

  private async ready(): Promise<void> {
    const probe = new Redis({ port: this.port, lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => undefined);
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        await sleep(50);
      }
    }
    probe.disconnect();
    await this.kill();
    throw new Error(`redis-server did not start on port ${this.port}`);
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
    this.process.kill('SIGCONT');
    this.process.kill('SIGKILL');
    await exited;
  }
}

function spawnRedis(port: number): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
}
