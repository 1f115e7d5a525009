/**
 * Milliseconds since an epoch, clamped to V8's small-integer range (±2^30, about 12 days either
 * way). A double field is a pointer to a boxed number in V8, so comparing two of them costs the hit
 * path two dependent loads; two small integers compare in registers. The tick is monotone in the
 * time it encodes, so `tick(now) < tick(staleUntil)` proves `now < staleUntil`; only when the ticks
 * say "maybe" (same millisecond, or a time beyond the range) do callers compare the exact times.
 */
export const MAX_TICK = 2 ** 30 - 1;

export function expiryTick(time: number, epoch: number): number {
  const tick = Math.floor(time - epoch);
  return tick >= MAX_TICK ? MAX_TICK : tick <= -MAX_TICK ? -MAX_TICK : tick;
}
