import type { Progress } from '../harness/progress';
import type { DemoDatasetSize } from '../seed/demo-dataset';
import type { WarmingOverrides } from '@strata/warming';
import type { ExtraCacheOptions } from './workload-application';

/** Entity types the simulator writes, besides the global context. */
export const WRITTEN_TYPES = [
  'task',
  'git_branch',
  'project',
  'user',
  'agent',
  'template',
] as const;
export type WrittenType = (typeof WRITTEN_TYPES)[number];

/** Writes per simulated day, by type; `global` replaces the global context's data. */
export type WriteRates = Record<WrittenType | 'global', number>;

/** Shares of the read requests by kind; they need not add up to 1 (they are weights). */
export interface ReadMix {
  /** `resolve('task', id)`: the request the platform makes most. */
  resolveTask: number;
  /** `readEntity('task', id)`. */
  readTask: number;
  resolveBranch: number;
  resolveProject: number;
  readProject: number;
  /** A branch checkout: `readEntity('git_branch', id)` then `resolve('branch', id)`. */
  checkout: number;
  readAgent: number;
  readTemplate: number;
  readGlobal: number;
}

export interface WorkloadOptions {
  seed: number;
  /** The seeded dataset; `users` is also how many people may log in. */
  dataset: DemoDatasetSize;
  /** Simulated hours, starting at `startHour` (0–23) of the simulated day. */
  hours: number;
  startHour: number;
  /** Read requests over the whole simulated span (logins come on top: one per active user). */
  requests: number;
  /** Share of users who log in at all during the span. */
  activeUserShare: number;
  /** Zipf exponent of key popularity (1.0 is the classic web skew). */
  zipfExponent: number;
  readMix: ReadMix;
  /** Writes per simulated 24 hours; a shorter span gets its share. */
  writesPerDay: WriteRates;
  /** Simulated minutes between sweeps of expired entries from the persistent tiers, as the warmer does. */
  sweepEveryMinutes: number;
  database: 'sqlite' | 'postgres';
  /**
   * Passed on to ContextCacheModule.forRoot (TTL-policy or volatility settings, say), so that the
   * TTL-policy and warming issues can rerun the same day with other settings. It takes no
   * PlacementPolicy object: ContextCacheModule builds its placement itself.
   */
  cacheOptions?: ExtraCacheOptions;
  /** Warming's settings for the measured pass; a second cached pass runs with no strategy, for comparison. */
  warming: WarmingOverrides;
  /**
   * Also measure a cold restart of the api process's cache mid-morning (cold-restart.ts): two
   * more passes up to ten minutes past it, with and without start-up warming.
   */
  coldRestart: boolean;
  /** Where the seeding and each pass's events are counted (a long run takes minutes). */
  progress?: Progress;
}

export const FULL_DATASET: DemoDatasetSize = {
  projects: 50,
  branchesPerProject: 5,
  tasksPerBranch: 40,
  users: 500,
  agents: 20,
  templates: 30,
};

const QUICK_DATASET: DemoDatasetSize = {
  projects: 8,
  branchesPerProject: 3,
  tasksPerBranch: 10,
  users: 60,
  agents: 5,
  templates: 5,
};

export const DEFAULT_READ_MIX: ReadMix = {
  resolveTask: 0.4,
  readTask: 0.15,
  resolveBranch: 0.1,
  resolveProject: 0.1,
  readProject: 0.05,
  checkout: 0.08,
  readAgent: 0.05,
  readTemplate: 0.05,
  readGlobal: 0.02,
};

/** Tasks change often, branches and projects sometimes, users, agents and templates rarely. */
export const DEFAULT_WRITES_PER_DAY: WriteRates = {
  task: 1500,
  git_branch: 120,
  project: 40,
  user: 30,
  agent: 4,
  template: 3,
  global: 1,
};

/** The quick dataset is ~40 times smaller: its writes are too, so the ratio of writes to data holds. */
const QUICK_WRITES_PER_DAY: WriteRates = {
  task: 40,
  git_branch: 6,
  project: 3,
  user: 3,
  agent: 1,
  template: 1,
  global: 0,
};

export function defaultWorkloadOptions(quick = false): WorkloadOptions {
  return {
    seed: 42,
    dataset: quick ? QUICK_DATASET : FULL_DATASET,
    // Quick: the busy morning only, enough to exercise every path in seconds.
    hours: quick ? 4 : 24,
    startHour: quick ? 8 : 0,
    requests: quick ? 4_000 : 200_000,
    activeUserShare: 0.8,
    zipfExponent: 1.0,
    readMix: DEFAULT_READ_MIX,
    writesPerDay: quick ? QUICK_WRITES_PER_DAY : DEFAULT_WRITES_PER_DAY,
    sweepEveryMinutes: 15,
    database: 'sqlite',
    warming: {},
    coldRestart: true,
  };
}
