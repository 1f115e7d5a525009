import type { InvalidationBus, InvalidationMessage } from '../core/invalidation-bus';

type Handler = (message: InvalidationMessage) => void;

/**
 * Delivers invalidations to every subscriber in this process before `publish` resolves, so a
 * write acknowledged after publishing has reached every cache that shares the bus.
 */
export class InProcessInvalidationBus implements InvalidationBus {
  private readonly handlers = new Set<Handler>();

  async publish(message: InvalidationMessage): Promise<void> {
    const failures: unknown[] = [];
    // A copy: a handler may unsubscribe while the message is being delivered.
    for (const handler of [...this.handlers]) {
      try {
        handler(message);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      throw new AggregateError(failures, 'Invalidation handlers failed');
    }
  }

  subscribe(handler: Handler): () => void {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
