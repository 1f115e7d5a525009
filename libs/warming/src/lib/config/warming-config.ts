import type { ThrottleSettings } from '../core/source-throttle';
/** Every strategy, by the name its entries carry as `warmedBy`. */
export const WARMING_STRATEGIES = [
  'refresh-ahead',
  'task-read',
  'project-read',
  'login',
  'checkout',
  'project-update',
  'daily-contexts',
  'hourly-active-tasks',
  'recent-most-read',
  'predictive',
  'startup',
] as const;
export type WarmingStrategyName = (typeof WARMING_STRATEGIES)[number];

/**
 * What runs unless told otherwise: the strategies that pay for their statements on the workload
 * (BENCHMARKS.md, "Warming"). The read-path relationship rules left 60–80% of what they loaded
 * unread there, dropping the query reduction from 0.56 to 0.09, so they are opt-in (`all`).
 */
export const DEFAULT_WARMING_STRATEGIES: readonly WarmingStrategyName[] = [
  'refresh-ahead',
  'project-update',
  'daily-contexts',
  'hourly-active-tasks',
  'recent-most-read',
  'predictive',
  'startup',
];

export interface RefreshAheadSettings {
  /** Share of an entry's TTL after which a read reloads it in the background (0 < at < 1). */
  at: number;
  /** The refresh point moves by up to ± this share of the TTL, per key (0 ≤ jitter < at). */
  jitter: number;
  /** Reads an entry answered (cache hits) from which it is refreshed. */
  minReads: number;
}

export interface RelationshipSettings {
  /** Tasks warmed per project read or checkout (the most recently updated). */
  recentTasks: number;
  /** A login's assigned tasks warmed, at most. */
  assignedTasks: number;
  /** A login's recent contexts (what the user read last) warmed, at most. */
  recentContexts: number;
  /** Recently read contexts remembered for these rules (and re-resolution after a write). */
  rememberedReads: number;
  /** A context read within this long counts as active (re-resolved after its project's update). */
  activeWithinMs: number;
  /** A rule that asks the source runs at most once per subject (project, user, branch) in this long. */
  cooldownMs: number;
}

export interface ScheduledSettings {
  /** Tasks written within this many hours count as active (the hourly run). */
  activeTaskHours: number;
  /** How far back "the recent past" of the 15-minute run reaches. */
  recentMinutes: number;
  /** Keys a scheduled run warms at most (projects and users of the daily run excepted). */
  limit: number;
}

export interface PredictiveSettings {
  /** Keys a prediction warms at most: its budget per window. */
  limit: number;
  /** The window predicted, from now (the warmer's job runs once per window). */
  windowMinutes: number;
  /** Busiest keys whose successors (what users read next) are asked for. */
  followFrom: number;
}

export interface StartupSettings {
  /** Entries copied into the hot tier at most (the predicted hot set is cut to this). */
  maxEntries: number;
  /** Bytes the copies take at most (entry sizes as the tiers measure them). */
  maxBytes: number;
  /** Real milliseconds after which the replica reports ready whatever is left to copy. */
  timeLimitMs: number;
}

export interface WarmingSettings {
  /** Source statements per second for warming, and back-off when the source slows down. */
  throttle: ThrottleSettings;
  /** The strategies that run; the others propose nothing. */
  strategies: readonly string[];
  /** Loads warming runs at once: the share of the source it may take from reads. */
  concurrency: number;
  /** Proposals waiting at most (a flood of events costs bounded memory). */
  maxQueued: number;
  /** Warmed entries tracked until read or expired (success accounting). */
  maxTracked: number;
  /**
   * Real milliseconds `POST /v1/cache/warm` waits for its run; a longer run goes on in the
   * background and is answered as it stands (202).
   */
  onDemandAnswerMs: number;
  /** Different on-demand runs under way at once; an order beyond them is refused (429). */
  maxOnDemandRuns: number;
  refreshAhead: RefreshAheadSettings;
  relationships: RelationshipSettings;
  scheduled: ScheduledSettings;
  predictive: PredictiveSettings;
  /** Start-up warming: the hot set copied from the warm tier before the replica reports ready. */
  startup: StartupSettings;
}

export type WarmingOverrides = Partial<
  Omit<
    WarmingSettings,
    'refreshAhead' | 'relationships' | 'scheduled' | 'predictive' | 'throttle' | 'startup'
  > & {
    throttle: Partial<ThrottleSettings>;
    refreshAhead: Partial<RefreshAheadSettings>;
    relationships: Partial<RelationshipSettings>;
    scheduled: Partial<ScheduledSettings>;
    predictive: Partial<PredictiveSettings>;
    startup: Partial<StartupSettings>;
  }
>;

export const DEFAULT_WARMING_SETTINGS: WarmingSettings = {
  strategies: DEFAULT_WARMING_STRATEGIES,
  concurrency: 2,
  maxQueued: 2_000,
  maxTracked: 50_000,
  // Under the 10 s a client or balancer commonly waits; a full daily run can take minutes.
  onDemandAnswerMs: 5_000,
  maxOnDemandRuns: 4,
  refreshAhead: { at: 0.75, jitter: 0.1, minReads: 2 },
  relationships: {
    recentTasks: 5,
    assignedTasks: 10,
    recentContexts: 10,
    rememberedReads: 20_000,
    activeWithinMs: 3_600_000,
    cooldownMs: 600_000,
  },
  scheduled: { activeTaskHours: 24, recentMinutes: 60, limit: 500 },
  predictive: { limit: 300, windowMinutes: 15, followFrom: 20 },
  // A few thousand entries of a few KB read from the warm tier in batches: well under a second
  // on the embedded SQLite; the time limit keeps a slow tier from holding readiness back.
  startup: { maxEntries: 5_000, maxBytes: 32 * 1024 * 1024, timeLimitMs: 10_000 },
  // About a tenth of what the embedded SQLite answers a second on a small machine: the users keep
  // the rest. The source counts as slow at three times its usual latency.
  throttle: { statementsPerSecond: 200, minStatementsPerSecond: 10, slowdownFactor: 3 },
};

export interface WarmingConfigProblem {
  setting: string;
  rule: string;
}

/** The defaults with `overrides` over them, and every setting out of range. */
export function checkWarmingSettings(overrides: WarmingOverrides = {}): {
  settings: WarmingSettings;
  problems: WarmingConfigProblem[];
} {
  const settings: WarmingSettings = {
    ...DEFAULT_WARMING_SETTINGS,
    ...overrides,
    refreshAhead: { ...DEFAULT_WARMING_SETTINGS.refreshAhead, ...overrides.refreshAhead },
    relationships: { ...DEFAULT_WARMING_SETTINGS.relationships, ...overrides.relationships },
    scheduled: { ...DEFAULT_WARMING_SETTINGS.scheduled, ...overrides.scheduled },
    predictive: { ...DEFAULT_WARMING_SETTINGS.predictive, ...overrides.predictive },
    throttle: { ...DEFAULT_WARMING_SETTINGS.throttle, ...overrides.throttle },
    startup: { ...DEFAULT_WARMING_SETTINGS.startup, ...overrides.startup },
  };
  const problems: WarmingConfigProblem[] = [];
  const unknown = settings.strategies.filter(
    (name) => !(WARMING_STRATEGIES as readonly string[]).includes(name),
  );
  if (unknown.length > 0) {
    problems.push({
      setting: 'strategies',
      rule: `names unknown strategies (${unknown.join(', ')}); known: ${WARMING_STRATEGIES.join(', ')}`,
    });
  }
  const whole: Array<[string, number]> = [
    ['concurrency', settings.concurrency],
    ['maxQueued', settings.maxQueued],
    ['maxTracked', settings.maxTracked],
    ['onDemandAnswerMs', settings.onDemandAnswerMs],
    ['maxOnDemandRuns', settings.maxOnDemandRuns],
    ['refreshAhead.minReads', settings.refreshAhead.minReads],
    ['relationships.recentTasks', settings.relationships.recentTasks],
    ['relationships.assignedTasks', settings.relationships.assignedTasks],
    ['relationships.recentContexts', settings.relationships.recentContexts],
    ['relationships.rememberedReads', settings.relationships.rememberedReads],
    ['relationships.activeWithinMs', settings.relationships.activeWithinMs],
    ['relationships.cooldownMs', settings.relationships.cooldownMs],
    ['scheduled.activeTaskHours', settings.scheduled.activeTaskHours],
    ['scheduled.recentMinutes', settings.scheduled.recentMinutes],
    ['scheduled.limit', settings.scheduled.limit],
    ['predictive.limit', settings.predictive.limit],
    ['predictive.windowMinutes', settings.predictive.windowMinutes],
    ['predictive.followFrom', settings.predictive.followFrom],
    ['startup.maxEntries', settings.startup.maxEntries],
    ['startup.maxBytes', settings.startup.maxBytes],
    ['startup.timeLimitMs', settings.startup.timeLimitMs],
  ];
  for (const [setting, value] of whole) {
    if (!(Number.isInteger(value) && value >= 1)) {
      problems.push({ setting, rule: `${value} must be a whole number ≥ 1` });
    }
  }
  const { statementsPerSecond, minStatementsPerSecond, slowdownFactor } = settings.throttle;
  if (!(Number.isInteger(statementsPerSecond) && statementsPerSecond >= 0)) {
    problems.push({
      setting: 'throttle.statementsPerSecond',
      rule: `${statementsPerSecond} must be a whole number ≥ 0 (0: no limit)`,
    });
  }
  if (!(minStatementsPerSecond >= 1)) {
    problems.push({
      setting: 'throttle.minStatementsPerSecond',
      rule: `${minStatementsPerSecond} must be ≥ 1`,
    });
  }
  if (!(slowdownFactor > 1)) {
    problems.push({ setting: 'throttle.slowdownFactor', rule: `${slowdownFactor} must be > 1` });
  }
  const { at, jitter } = settings.refreshAhead;
  if (!(at > 0 && at < 1)) {
    problems.push({ setting: 'refreshAhead.at', rule: `${at} must be between 0 and 1` });
  }
  if (!(jitter >= 0 && jitter < Math.min(at, 1 - at))) {
    problems.push({
      setting: 'refreshAhead.jitter',
      rule: `${jitter} must be ≥ 0 and below both refreshAhead.at and 1 − refreshAhead.at`,
    });
  }
  return { settings, problems };
}

/** As checkWarmingSettings, but throws one error naming every problem (at module start). */
export function resolveWarmingSettings(overrides: WarmingOverrides = {}): WarmingSettings {
  const { settings, problems } = checkWarmingSettings(overrides);
  if (problems.length > 0) {
    const lines = problems.map((problem) => `${problem.setting}: ${problem.rule}`);
    throw new Error(`Invalid warming configuration:\n  ${lines.join('\n  ')}`);
  }
  return settings;
}
