import type { HotDeparture } from '../core/tier-store';
import type { CacheAnswer, CacheObserver } from './cache-observer';

/** The observers of one cache: each told of every answer and departure, none able to break the read path. */
export class CacheObservers {
  private readonly observers: CacheObserver[] = [];

  add(observer: CacheObserver): () => void {
    this.observers.push(observer);
    return () => {
      const index = this.observers.indexOf(observer);
      if (index >= 0) this.observers.splice(index, 1);
    };
  }

  answered(answer: CacheAnswer): void {
    for (const observer of this.observers) {
      observer.answered?.(answer);
    }
  }

  departed(departure: HotDeparture): void {
    for (const observer of this.observers) {
      observer.departed?.(departure);
    }
  }
}
