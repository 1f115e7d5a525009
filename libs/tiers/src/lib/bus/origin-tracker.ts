import type { BusEnvelope } from './bus-envelope';

/** What one envelope says about the invalidations the receiver has seen from its origin. */
export type Observation = 'in-order' | 'duplicate' | 'gap';

interface OriginState {
  /** The highest sequence number seen from the origin. */
  seq: number;
  heardAt: number;
}

/**
 * Follows every origin's sequence: an invalidation numbered past the next expected one, or a
 * heartbeat carrying a number not yet seen, shows that something from that origin was lost.
 * An origin heard before and silent for longer than `silenceMs` is lost too (crashed between a
 * commit and its publication, paused, or cut off); one that said goodbye is simply forgotten.
 * The first envelope of an origin sets its baseline: the receiver was connected all along (the
 * bus drops its hot tier on every connection), so nothing sent earlier can concern it.
 */
export class OriginTracker {
  private readonly origins = new Map<string, OriginState>();

  constructor(private readonly silenceMs: number) {}

  get size(): number {
    return this.origins.size;
  }

  observe(envelope: BusEnvelope, now: number): Observation {
    const known = this.origins.get(envelope.origin);
    if (envelope.event === 'bye') {
      this.origins.delete(envelope.origin);
      return known !== undefined && envelope.seq > known.seq ? 'gap' : 'in-order';
    }
    if (known === undefined) {
      this.origins.set(envelope.origin, { seq: envelope.seq, heardAt: now });
      return 'in-order';
    }
    known.heardAt = now;
    const expected = envelope.event === 'invalidate' ? known.seq + 1 : known.seq;
    if (envelope.seq < expected) {
      return 'duplicate';
    }
    const observation = envelope.seq > expected ? 'gap' : 'in-order';
    known.seq = envelope.seq;
    return observation;
  }

  /** Removes and returns the origins not heard for longer than the silence bound. */
  silentSince(now: number): string[] {
    const lost: string[] = [];
    for (const [origin, state] of this.origins) {
      if (now - state.heardAt > this.silenceMs) {
        lost.push(origin);
        this.origins.delete(origin);
      }
    }
    return lost;
  }

  /** After the receiver's own disconnection every baseline is void. */
  forgetAll(): void {
    this.origins.clear();
  }
}
