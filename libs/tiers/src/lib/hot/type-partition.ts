import type { TierOccupancy } from '../core/tier-store';
import type { FrequencySketch } from './policy/frequency-sketch';
import type { PolicySlots } from './policy/policy-slots';
import { WindowTinyLfuPolicy } from './policy/window-tiny-lfu-policy';

/** One entry type's share of the hot tier: its byte budget and the policy that keeps it within. */
export class TypePartition {
  readonly policy: WindowTinyLfuPolicy;
  evictions = 0;

  constructor(
    /** Its index in the store's partitions, kept per slot. */
    readonly id: number,
    readonly type: string,
    readonly budgetBytes: number,
    slots: PolicySlots,
    sketch: FrequencySketch,
    onEvict: (slot: number) => void,
  ) {
    this.policy = new WindowTinyLfuPolicy({ maximumWeight: budgetBytes, slots, sketch, onEvict });
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
