import type { ReadMix, WrittenType } from './workload-options';

/** What a read request does; each maps to one or two CachedContexts reads. */
export type ReadKind = keyof ReadMix;

/** One thing that happens on the platform, at `at` milliseconds from the start of the span. */
export type SimulatedEvent =
  | { at: number; kind: 'login'; userId: string }
  | { at: number; kind: 'read'; read: ReadKind; id: string; userId: string }
  | { at: number; kind: 'write'; type: WrittenType | 'global'; id: string };
