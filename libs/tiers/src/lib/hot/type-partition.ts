import type { TierOccupancy } from '../core/tier-store';
import type { FrequencySketch } from './policy/frequency-sketch';
import type { PolicyNode } from './policy/policy-node';
import { WindowTinyLfuPolicy } from './policy/window-tiny-lfu-policy';

/** One entry type's share of the hot tier: its byte budget and the policy that keeps it within. */
export class TypePartition {
  readonly policy: WindowTinyLfuPolicy;
  evictions = 0;

  constructor(
    readonly type: string,
    readonly budgetBytes: number,
    sketch: FrequencySketch,
    onEvict: (node: PolicyNode) => void,
  ) {
    this.policy = new WindowTinyLfuPolicy({ maximumWeight: budgetBytes, sketch, onEvict });
  }

  occupancy(): TierOccupancy {
    return {
      entries: this.policy.size,
      bytes: this.policy.weightedSize,
      budgetBytes: this.budgetBytes,
      evictions: this.evictions,
    };
  }
}
