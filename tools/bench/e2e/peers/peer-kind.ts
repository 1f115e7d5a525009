/** The caches a Nest user would pick instead of Strata, each run as its own server. */
export const PEER_KINDS = ['cacheManager', 'bentocache'] as const;
export type PeerKind = (typeof PEER_KINDS)[number];

export function isPeerKind(value: string): value is PeerKind {
  return (PEER_KINDS as readonly string[]).includes(value);
}

/**
 * The peers' TTL for a resolved context: DESIGN's TTL for a context of medium volatility, which
 * is what Strata gives most of them.
 */
export const PEER_CONTEXT_TTL_MS = 600_000;

/** Where a peer server says how many reads it answered and how many statements its source ran. */
export const PEER_STATS_PATH = '/bench/peer-stats';

export interface PeerStatsBody {
  requests: number;
  sourceQueries: number;
}
