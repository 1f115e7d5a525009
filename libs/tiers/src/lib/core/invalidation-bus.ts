/** What a replica tells the others after a write, so that their hot tiers drop what it changed. */
export type InvalidationMessage = (
  | { kind: 'key'; key: string; origin: string }
  | { kind: 'dependency'; dependency: string; origin: string }
  | { kind: 'type'; type: string; origin: string }
) & {
  /**
   * Per shared-tier stamp domain the sender's invalidation reached, the stamp it left there (a
   * receiver that read the domain at or after it read after the write). Absent: judge by arrival.
   */
  appliedAt?: Readonly<Record<string, number>>;
};

/** up: delivering. degraded: delivering, but it recently missed something or failed to publish. down: not delivering. */
export type BusState = 'up' | 'degraded' | 'down';

/** What a bus says of itself: its state, since when, and what it has done. */
export interface BusStats {
  transport: string;
  state: BusState;
  /** When the bus entered its state (ms since the epoch). */
  stateSince: number;
  /** Invalidations sent, and those that could not be. */
  published: number;
  publishFailures: number;
  /** Invalidations received from other replicas. */
  received: number;
  /** Holes seen in an origin's sequence. */
  gaps: number;
  /** Origins that fell silent without saying goodbye (a crash, a pause, a partition). */
  originsLost: number;
  /** Times the bus's own connection came back after being down. */
  reconnects: number;
  /** Times the hot tier was dropped because the bus may have missed something. */
  hotDrops: number;
  /** Messages that did not parse (another format version, garbage). */
  malformed: number;
  /** Send → receive time of the last invalidation received, in ms (undefined before any). */
  lastLagMs?: number;
  /** Other replicas heard recently. */
  origins: number;
}

/**
 * Carries invalidations between replicas. The in-process bus serves one process; the broadcast
 * bus serves many. Delivery is at-least-once and handlers are idempotent.
 */
export interface InvalidationBus {
  publish(message: InvalidationMessage): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(handler: (message: InvalidationMessage) => void): () => void;
  /**
   * Calls the listener whenever the bus may have missed invalidations (a gap in an origin's
   * sequence, an origin gone silent, its own reconnection): whatever the hot tier holds is then
   * suspect. Returns the function that stops it. Optional: a bus that cannot miss omits it.
   */
  onMissed?(listener: () => void): () => void;
  /** Since when the bus cannot deliver; undefined while it can. Optional: always deliverable. */
  downSince?(): number | undefined;
  /** Its figures, for the cache's stats document. Optional. */
  stats?(): BusStats;
  close(): Promise<void>;
}
