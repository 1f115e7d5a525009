import { createServer } from 'node:net';

/**
 * The hardening tools' share of the spare ports (TEAM.md): each tool takes its own hundred, so
 * that tools and tests running side by side never meet.
 */
export const PORT_RANGES = {
  fuzz: [47100, 47199],
  soak: [47200, 47299],
  crash: [47300, 47399],
  overload: [47400, 47499],
  keys: [47500, 47599],
  // The bus engineer's range: the replica test, the propagation benchmark, their own Redis.
  bus: [45000, 45099],
  busBench: [45100, 45199],
  busRedis: [45900, 45999],
} as const;

/** A port of the range that nothing listens on right now. */
export async function freePort([from, to]: readonly [number, number]): Promise<number> {
  for (let port = from; port <= to; port++) {
    if (await isFree(port)) {
      return port;
    }
  }
  throw new Error(`no free port in ${from}-${to}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
