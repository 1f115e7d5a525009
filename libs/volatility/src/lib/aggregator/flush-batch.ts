import type { AccessStats } from './access-stats';

/** One key's access statistics gathered since the last flush. */
export interface PendingKeyStats {
  key: string;
  type: string;
  stats: AccessStats;
  accesses: number;
  lastAccessAt: number;
}

/** Everything the aggregator hands to the database in one flush. */
export interface FlushBatch {
  /** Every update, exactly. */
  updates: Array<{ key: string; at: number }>;
  keyStats: PendingKeyStats[];
  /** Hour of day is UTC. */
  typeHours: Array<{ type: string; hour: number; count: number }>;
  keyHours: Array<{ key: string; hour: number; count: number; lastAt: number }>;
  /** A user read `nextKey` within the read-after window of reading `previousKey`. */
  readAfter: Array<{ previousKey: string; nextKey: string; count: number; lastAt: number }>;
  logins: Array<{ userId: string; at: number }>;
}

export function isEmptyBatch(batch: FlushBatch): boolean {
  return Object.values(batch).every((rows: unknown[]) => rows.length === 0);
}
