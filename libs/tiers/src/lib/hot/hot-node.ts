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
  timerPrev: TimerLink = this;
  timerNext: TimerLink = this;
  timerTime = 0;
  /** `timerTime` as an expiry tick (see expiryTick), for the hit path's cheap first comparison. */
  staleTick = 0;
  /** Its type's policy, one load away on the hit path. */
  readonly policy: WindowTinyLfuPolicy;

  constructor(
    readonly key: string,
    hash: number,
    weight: number,
    public entry: CacheEntry,
    readonly partition: TypePartition,
  ) {
    super(hash, weight);
    this.policy = partition.policy;
  }
}
