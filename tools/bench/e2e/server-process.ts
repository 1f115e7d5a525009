import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { BenchDatabase } from './bench-database';

/** The bundle of server.ts that `npm run bench:e2e` builds before it runs. */
const SERVER_BUNDLE = 'dist/tools/bench/e2e-server.js';

export interface ServerSpec {
  name: string;
  database: BenchDatabase;
  cache: 'on' | 'off';
  port: number;
  /** A file holding the bare route's answer; without it the server has no bare route. */
  bareBodyFile?: string;
  /** Write a CPU profile into this directory when the server stops. */
  profileDirectory?: string;
}

export interface RunningServer {
  name: string;
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const args = spec.database.schema ? ['--schema', spec.database.schema] : [];
  if (spec.bareBodyFile) {
    args.push('--bare-body', spec.bareBodyFile);
  }
  const child = fork(SERVER_BUNDLE, args, {
    execArgv: spec.profileDirectory
      ? ['--enable-source-maps', '--cpu-prof', '--cpu-prof-dir', spec.profileDirectory]
      : ['--enable-source-maps'],
    env: {
      ...process.env,
      PORT: String(spec.port),
      HOST: '127.0.0.1',
      DATABASE_URL: spec.database.url,
      STRATA_CACHE_DATABASE_URL: spec.database.cacheUrlFor(spec.name),
      STRATA_CACHE: spec.cache,
      // No keys: every route open, which the api allows on loopback only.
      STRATA_API_KEYS: '',
      // The request logging runs as deployed (a request line is debug); only start-up lines go.
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`${spec.name} server exited (${String(code)}) before it was ready`);
    }),
  ]);
  return {
    name: spec.name,
    baseUrl: `http://127.0.0.1:${spec.port}`,
    stop: () => stopServer(child),
  };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) {
    return;
  }
  const exited = once(child, 'exit');
  child.send({ stop: true });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timeout);
}
