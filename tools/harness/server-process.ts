import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerProcessSpec {
  name: string;
  /** The bundle to run (see appBundles). */
  bundle: string;
  /** The port its /health answers on. */
  port: number;
  env: Record<string, string>;
  /** Give up waiting for a healthy /health after this long. */
  startTimeoutMs?: number;
}

/**
 * An api or warmer as a real process: started with its own environment, healthy once /health
 * answers 200, everything it prints kept for the caller to read, stopped gracefully or killed.
 */
export class ServerProcess {
  readonly baseUrl: string;
  private output = '';
  private readonly child: ChildProcess;
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly spec: ServerProcessSpec) {
    this.baseUrl = `http://127.0.0.1:${spec.port}`;
    this.child = spawn(process.execPath, ['--enable-source-maps', spec.bundle], {
      env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exit = once(this.child, 'exit').then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
    }));
  }

  static async start(spec: ServerProcessSpec): Promise<ServerProcess> {
    const server = new ServerProcess(spec);
    // An api on an empty database took 28 s to answer /health at a load average of 29 on two
    // cores (helpers side by side); seeded, with its warmer starting beside it, over 60 s.
    await server.healthy(spec.startTimeoutMs ?? 180_000);
    return server;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything the process printed so far, stdout and stderr interleaved. */
  get log(): string {
    return this.output;
  }

  /** kill -9: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    if (this.running) {
      this.child.kill('SIGKILL');
    }
    await this.exit;
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  async stop(graceMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      const result = await this.exit;
      clearTimeout(timer);
      return result;
    }
    return this.exit;
  }

  private async healthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`${this.spec.name} exited before it was healthy:\n${this.output}`);
      }
      try {
        const response = await fetch(`${this.baseUrl}/health`, {
          signal: AbortSignal.timeout(2_000),
        });
        if (response.status === 200) {
          return;
        }
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    await this.kill();
    throw new Error(`${this.spec.name} was not healthy within ${timeoutMs} ms:\n${this.output}`);
  }
}
