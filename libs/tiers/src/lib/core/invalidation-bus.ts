/** What a replica tells the others after a write, so that their hot tiers drop what it changed. */
export type InvalidationMessage =
  | { kind: 'key'; key: string; origin: string }
  | { kind: 'dependency'; dependency: string; origin: string }
  | { kind: 'type'; type: string; origin: string };

/**
 * Carries invalidations between replicas. The in-process bus serves one process; a Redis
 * pub/sub bus serves many. Delivery is at-least-once and handlers are idempotent.
 */
export interface InvalidationBus {
  publish(message: InvalidationMessage): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(handler: (message: InvalidationMessage) => void): () => void;
  close(): Promise<void>;
}
