import { type PolicyNode, Region } from './policy/policy-node';

/** Sampled hits held before the policy sees them; a full buffer drains at once, so memory stays bounded. */
export const READ_BUFFER_CAPACITY = 64;
/**
 * On average one hit in this many is sampled: it stands for the hits skipped since the last and
 * counts as that many in the sketch. Like Caffeine's lossy read buffer, this trades a little
 * precision on hot keys, whose counts saturate anyway, for a cheaper hit.
 */
export const HIT_SAMPLE_RATE = 4;

/** Where drained hits go: to the node's policy, in the order they happened. */
export type BufferedHitSink<N extends PolicyNode> = (node: N) => void;

/**
 * Caffeine's read buffer, single-threaded: a hit only decrements a countdown and, when it runs out
 * (or the node sits in probation, where one hit promotes), appends the node to a fixed array. The
 * policy's bookkeeping (sketch increment, reordering) runs in batches when the buffer fills or
 * before the next miss or write, so the policy sees every sampled hit before it decides anything,
 * in the order they happened. Hit-path callers inline `record`'s test:
 * `if (--buffer.untilSample <= 0 || node.region === Region.Probation) buffer.add(node)`.
 */
export class ReadBuffer<N extends PolicyNode> {
  /** Hits until the next sample; at zero or below, the hit is sampled. */
  untilSample = 1;
  private readonly nodes: (N | undefined)[] = new Array<N | undefined>(READ_BUFFER_CAPACITY).fill(
    undefined,
  );
  private count = 0;
  private randomState = 0x2545f491;

  constructor(private readonly sink: BufferedHitSink<N>) {}

  /** Nodes waiting to be drained (never more than READ_BUFFER_CAPACITY). */
  get pending(): number {
    return this.count;
  }

  /** A hit on a resident node: the whole hit-path bookkeeping. */
  record(node: N): void {
    if (--this.untilSample <= 0 || node.region === Region.Probation) this.add(node);
  }

  /** Kept out of `record`, so that the common, unsampled hit stays small enough to inline. */
  add(node: N): void {
    this.nodes[this.count] = node;
    this.untilSample = this.nextSampleGap();
    if (++this.count === READ_BUFFER_CAPACITY) this.drain();
  }

  /** Hands every buffered hit to the sink, oldest first; nodes that left the policy meanwhile are skipped. */
  drain(): void {
    const count = this.count;
    this.count = 0;
    for (let i = 0; i < count; i++) {
      const node = this.nodes[i] as N;
      this.nodes[i] = undefined;
      if (node.region !== Region.None) this.sink(node);
    }
  }

  /** Forgets buffered hits without applying them (the store is closing). */
  clear(): void {
    this.nodes.fill(undefined, 0, this.count);
    this.count = 0;
  }

  /** A gap of 1 to 2 × HIT_SAMPLE_RATE − 1 hits (xorshift32): random, so no access pattern aliases. */
  private nextSampleGap(): number {
    let x = this.randomState;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.randomState = x;
    // Multiply-shift range reduction: `x >>> 0` is beyond int32, so `%` on it would be a float
    // modulo; this stays in integer registers.
    return 1 + (((x >>> 16) * (2 * HIT_SAMPLE_RATE - 1)) >>> 16);
  }
}
