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

/**
 * A port of the range that nothing listens on right now. STRATA_TOOL_PORTS (`FROM-TO`) confines
 * every tool to one window instead, for a machine whose spare ports are shared out among people:
 * a range that starts inside the window keeps its start (a second port after the first).
 */
export async function freePort(
  range: readonly [number, number],
  /** Ports already given out but not yet listened on. */
  taken: readonly number[] = [],
): Promise<number> {
  const [from, to] = confined(range, process.env['STRATA_TOOL_PORTS']);
  for (let port = from; port <= to; port++) {
    if (!taken.includes(port) && (await isFree(port))) {
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

function confined(
  [from, to]: readonly [number, number],
  window: string | undefined,
): readonly [number, number] {
  const bounds = /^(\d+)-(\d+)$/.exec(window ?? '');
  if (!bounds) {
    return [from, to];
  }
  const [low, high] = [Number(bounds[1]), Number(bounds[2])];
  return [from >= low && from <= high ? from : low, high];
}
