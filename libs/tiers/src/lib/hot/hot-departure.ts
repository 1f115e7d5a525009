/**
 * Why an entry left the hot tier: `evicted` to keep its type within budget, `expired` past its
 * staleUntil (read or swept), `invalidated` by delete, deleteByDependency or deleteByType,
 * `replaced` by a newer value under its key (stored or refused).
 */
export type HotDepartureReason = 'evicted' | 'expired' | 'invalidated' | 'replaced';

/** One entry that left the hot tier, as its departure listeners see it. */
export interface HotDeparture {
  key: string;
  type: string;
  /** What it weighed against its type's budget (see hotEntryWeight). */
  bytes: number;
  reason: HotDepartureReason;
  /** Whether a get returned it at least once since it was stored (a replacement starts unread). */
  read: boolean;
  /** The warming strategy that stored it (CacheEntry.warmedBy); undefined when a read loaded it. */
  warmedBy: string | undefined;
}

/**
 * Called once per departure, after the operation that caused it has finished (so a listener sees
 * the tier consistent and may read it). Memory efficiency and warming waste are computed from
 * these: the share of bytes read before leaving, the warmed entries that left unread.
 */
export type HotDepartureListener = (departure: HotDeparture) => void;
