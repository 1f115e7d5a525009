import type { HealthIndicatorFunction, HealthIndicatorResult } from '@nestjs/terminus';
import type { BusState, InvalidationBus } from '../core/invalidation-bus';

/** The bus as /health reports it. */
export interface BusHealthStatus {
  state: BusState;
  transport: string;
  /** How long it has been in its state, in ms. */
  ageMs: number;
}

/**
 * The invalidation bus's health: a status getter, and a terminus indicator, `down` while the bus
 * cannot deliver, with its state (up, degraded, down), transport and age in that state. The bus
 * is an optional dependency: while it is down the cache stays correct (hot entries are capped,
 * then dropped on reconnection), so readiness lists it as degraded and stays ready; a bus outage
 * must not take every replica out of rotation.
 */
export class BusHealth {
  constructor(
    private readonly bus: InvalidationBus,
    private readonly now: () => number = Date.now,
  ) {}

  status(): BusHealthStatus {
    const stats = this.bus.stats?.();
    if (stats === undefined) {
      // In process: it cannot fail.
      return { state: 'up', transport: 'process', ageMs: 0 };
    }
    return {
      state: stats.state,
      transport: stats.transport,
      ageMs: Math.max(0, this.now() - stats.stateSince),
    };
  }

  indicator(key = 'bus'): HealthIndicatorFunction {
    return async (): Promise<HealthIndicatorResult> => {
      const status = this.status();
      return {
        [key]: { ...status, status: status.state === 'down' ? 'down' : 'up' },
      };
    };
  }
}
