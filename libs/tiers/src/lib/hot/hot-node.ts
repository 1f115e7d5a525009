import type { CacheEntry } from '../core/cache-entry';
import { PolicyNode } from './policy/policy-node';
import type { WindowTinyLfuPolicy } from './policy/window-tiny-lfu-policy';
import type { TimerLink } from './timer-wheel';
import type { TypePartition } from './type-partition';

/**
 * A resident hot entry: the policy's links and cached hash, the expiry wheel's links and the
 * entry itself in one object, so that a hit is one map lookup and no allocation.
 */
export class HotNode extends PolicyNode implements TimerLink {
  // Fields in the order of the object's layout, every one assigned in the constructor (no
  // initializers, whose order would differ): the four a hit reads (the policy's `region`, then
  // `staleTick`, `policy`, `entry`) come first and usually share one cache line; a node that
  // missed the cache costs a hit one miss instead of two or three.
  /** `timerTime` as an expiry tick (see expiryTick), for the hit path's cheap first comparison. */
  staleTick: number;
  /** Its type's policy, one load away on the hit path. */
  readonly policy: WindowTinyLfuPolicy;
  entry: CacheEntry;
  readonly key: string;
  readonly partition: TypePartition;
  timerPrev: TimerLink;
  timerNext: TimerLink;
  timerTime: number;

  constructor(
    key: string,
    hash: number,
    weight: number,
    entry: CacheEntry,
    partition: TypePartition,
  ) {
    super(hash, weight);
    this.staleTick = 0;
    this.policy = partition.policy;
    this.entry = entry;
    this.key = key;
    this.partition = partition;
    this.timerPrev = this;
    this.timerNext = this;
    this.timerTime = 0;
  }
}
