/** A key a strategy asks to have cached before it is read. */
export interface WarmProposal {
  /** A cache key (`context:task:t1`, `user:u1`, `global`…). */
  key: string;
  /** Higher runs first; a key proposed twice keeps its highest priority. */
  priority: number;
  /** Why, for the run records and `GET /v1/cache/warming`. */
  reason: string;
  /** Reload even though a fresh entry is cached (refresh-ahead, re-resolution after a write). */
  refresh?: boolean;
}

/**
 * One way of deciding what to warm. Strategies only propose; WarmingService loads. A strategy's
 * name is what its entries carry as `warmedBy` and what its figures are reported under.
 */
export interface WarmingStrategy {
  readonly name: string;
}
