import type { WarmProposal } from './warming-strategy';

/** A proposal waiting, with the strategy that made it. */
export interface QueuedProposal extends WarmProposal {
  strategy: string;
}

/**
 * Proposals waiting to run: highest priority first, one per key (a key proposed again keeps the
 * higher priority, and a refresh if either asked for one), at most `capacity` of them. A full
 * queue turns away what ranks below everything it holds, or drops its lowest to make room, so
 * that a flood of events costs bounded memory.
 */
export class WarmingQueue {
  private readonly byKey = new Map<string, QueuedProposal>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.byKey.size;
  }

  /** Returns the proposal it turned away or dropped, if any. */
  offer(proposal: QueuedProposal): QueuedProposal | undefined {
    const queued = this.byKey.get(proposal.key);
    if (queued !== undefined) {
      if (proposal.priority > queued.priority) {
        queued.priority = proposal.priority;
        queued.reason = proposal.reason;
        queued.strategy = proposal.strategy;
      }
      queued.refresh = queued.refresh === true || proposal.refresh === true ? true : undefined;
      return undefined;
    }
    if (this.byKey.size < this.capacity) {
      this.byKey.set(proposal.key, { ...proposal });
      return undefined;
    }
    const lowest = this.lowest();
    if (lowest === undefined || lowest.priority >= proposal.priority) {
      return proposal;
    }
    this.byKey.delete(lowest.key);
    this.byKey.set(proposal.key, { ...proposal });
    return lowest;
  }

  /** The highest-priority proposal, taken out; the earliest offered among equals. */
  take(): QueuedProposal | undefined {
    let best: QueuedProposal | undefined;
    for (const proposal of this.byKey.values()) {
      if (best === undefined || proposal.priority > best.priority) {
        best = proposal;
      }
    }
    if (best !== undefined) {
      this.byKey.delete(best.key);
    }
    return best;
  }

  private lowest(): QueuedProposal | undefined {
    let lowest: QueuedProposal | undefined;
    for (const proposal of this.byKey.values()) {
      if (lowest === undefined || proposal.priority < lowest.priority) {
        lowest = proposal;
      }
    }
    return lowest;
  }
}
