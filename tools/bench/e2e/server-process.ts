import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { BenchDatabase } from './bench-database';
import type { PeerKind } from './peers/peer-kind';
import type { ServerCommand, ServerReply } from './server-control';

/** The bundles of server.ts and peer-server.ts that `npm run bench:e2e` builds before it runs. */
const SERVER_BUNDLE = 'dist/tools/bench/e2e-server.js';
const PEER_BUNDLE = 'dist/tools/bench/e2e-peer.js';

export interface ServerSpec {
  name: string;
  database: BenchDatabase;
  /** Strata with its cache on or off, or a peer cache instead of Strata's. */
  cache: 'on' | 'off' | { peer: PeerKind; redisUrl: string; keyPrefix: string };
  port: number;
  /** A file holding the bare route's answer; without it the server has no bare route. */
  bareBodyFile?: string;
  /** Write a CPU profile into this directory when the server stops. */
  profileDirectory?: string;
}

export interface RunningServer {
  name: string;
  baseUrl: string;
  /** The server process's CPU time so far, user and system, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const args = spec.database.schema ? ['--schema', spec.database.schema] : [];
  if (spec.bareBodyFile) {
    args.push('--bare-body', spec.bareBodyFile);
  }
  const peer = typeof spec.cache === 'object' ? spec.cache : undefined;
  if (peer) {
    args.push('--peer', peer.peer, '--redis', peer.redisUrl, '--key-prefix', peer.keyPrefix);
  }
  const child = fork(peer ? PEER_BUNDLE : SERVER_BUNDLE, args, {
    execArgv: spec.profileDirectory
      ? ['--enable-source-maps', '--cpu-prof', '--cpu-prof-dir', spec.profileDirectory]
      : ['--enable-source-maps'],
    env: {
      ...process.env,
      PORT: String(spec.port),
      HOST: '127.0.0.1',
      DATABASE_URL: spec.database.url,
      STRATA_CACHE_DATABASE_URL: spec.database.cacheUrlFor(spec.name),
      STRATA_CACHE: spec.cache === 'on' ? 'on' : 'off',
      // No keys: every route open, which the api allows on loopback only.
      STRATA_API_KEYS: '',
      // The lag gate refuses work while the event loop stalls; on a shared machine other
      // processes stall it, and a refusal would void the run. The source's own gate stays.
      STRATA_OVERLOAD_MAX_LAG_MS: process.env['STRATA_OVERLOAD_MAX_LAG_MS'] ?? '0',
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
    cpuMicros: () => askCpu(child),
    stop: () => stopServer(child),
  };
}

async function askCpu(child: ChildProcess): Promise<number> {
  const answer = new Promise<number>((resolve) => {
    const listener = (message: ServerReply) => {
      if (message.cpu) {
        child.off('message', listener);
        resolve(message.cpu.user + message.cpu.system);
      }
    };
    child.on('message', listener);
  });
  child.send({ cpu: true } satisfies ServerCommand);
  return answer;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) {
    return;
  }
  const exited = once(child, 'exit');
  child.send({ stop: true } satisfies ServerCommand);
  const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timeout);
}
