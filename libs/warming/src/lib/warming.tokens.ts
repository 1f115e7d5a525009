/** The validated WarmingSettings. */
export const WARMING_SETTINGS = Symbol('WARMING_SETTINGS');
/** The clock warming reads (the cache's; a FakeClock in tests and the workload simulator). */
export const WARMING_CLOCK = Symbol('WARMING_CLOCK');
