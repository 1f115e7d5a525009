export { HotTier } from './hot-tier';
export { DEFAULT_HOT_BUDGET_BYTES, type HotTierOptions } from './hot-tier-options';
export { FrequencySketch } from './policy/frequency-sketch';
export { MUST_RECORD, PolicySlots, Region, REGION_MASK } from './policy/policy-slots';
export { WindowTinyLfuPolicy, type WindowTinyLfuOptions } from './policy/window-tiny-lfu-policy';
export { HIT_SAMPLE_RATE, READ_BUFFER_CAPACITY, ReadBuffer } from './read-buffer';
