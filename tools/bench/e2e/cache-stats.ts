import { PEER_STATS_PATH, type PeerStatsBody } from './peers/peer-kind';

/** The figures of `GET /v1/cache/stats` a run compares before and after. */
export interface StatsSnapshot {
  /** Reads the cache answered (one per context request, cached or not). */
  requests: number;
  sourceQueries: number;
  hotHits: number;
  warmHits: number;
  coldHits: number;
  misses: number;
}

interface StatsBody {
  requests: number;
  misses: number;
  tiers: Record<'hot' | 'warm' | 'cold', { hits: number }>;
  source: { queries: number };
}

export async function readCacheStats(baseUrl: string): Promise<StatsSnapshot> {
  const response = await fetch(`${baseUrl}/v1/cache/stats`);
  if (response.status !== 200) {
    throw new Error(`GET /v1/cache/stats answered ${response.status}`);
  }
  const body = (await response.json()) as StatsBody;
  return {
    requests: body.requests,
    sourceQueries: body.source.queries,
    hotHits: body.tiers.hot.hits,
    warmHits: body.tiers.warm.hits,
    coldHits: body.tiers.cold.hits,
    misses: body.misses,
  };
}

/** A peer's figures: reads and source statements; which of its layers answered is not known. */
export async function readPeerStats(baseUrl: string): Promise<StatsSnapshot> {
  const response = await fetch(`${baseUrl}${PEER_STATS_PATH}`);
  if (response.status !== 200) {
    throw new Error(`GET ${PEER_STATS_PATH} answered ${response.status}`);
  }
  const body = (await response.json()) as PeerStatsBody;
  return { ...body, hotHits: 0, warmHits: 0, coldHits: 0, misses: 0 };
}

export type StatsReader = (baseUrl: string) => Promise<StatsSnapshot>;

export function statsDelta(before: StatsSnapshot, after: StatsSnapshot): StatsSnapshot {
  return {
    requests: after.requests - before.requests,
    sourceQueries: after.sourceQueries - before.sourceQueries,
    hotHits: after.hotHits - before.hotHits,
    warmHits: after.warmHits - before.warmHits,
    coldHits: after.coldHits - before.coldHits,
    misses: after.misses - before.misses,
  };
}

/**
 * The counters once the server has answered the requests still in flight when autocannon
 * stopped (up to one per connection), so that they count in neither run or in the right one.
 */
export async function settledCacheStats(
  baseUrl: string,
  read: StatsReader,
): Promise<StatsSnapshot> {
  let previous = await read(baseUrl);
  for (let attempt = 0; attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const current = await read(baseUrl);
    if (current.requests === previous.requests) {
      return current;
    }
    previous = current;
  }
  throw new Error(`${baseUrl} kept answering reads after the load stopped`);
}
