/** Milliseconds since the epoch; injected so tests and the workload simulator move time. */
export interface VolatilityClock {
  now(): number;
}

export const systemVolatilityClock: VolatilityClock = { now: () => Date.now() };
