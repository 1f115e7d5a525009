/** Every tunable of the analytics; `resolveVolatilityConfig` lays overrides over the defaults. */
export interface VolatilityConfig {
  /** `base[type]` of DESIGN §5; a type not named here (the global context) uses `context`. */
  base: Record<string, number>;
  /** `f` saturates at this many updates in the update window. */
  updatesToSaturate: number;
  updateWindowMs: number;
  /** How long after a login a user's reads count as made in an active session. */
  sessionMs: number;
  /** Half-life of the access statistics behind `v` and `a`: what "recent" means. */
  recentHalfLifeMs: number;
  /** A read by the same user within this time of their previous one counts as "read after" it. */
  readAfterWindowMs: number;
  /** Hard bounds of the in-memory aggregator (see README, "Memory bound"). */
  capacity: {
    /** Keys whose activity is kept in memory (least recently touched is evicted). */
    keys: number;
    /** Users whose session and last read are kept. */
    users: number;
    /** Distinct pending counters (per-key hours, read-after pairs) between flushes. */
    pendingCounters: number;
  };
  /** Pending work that triggers a flush before the timer does. */
  flushThreshold: number;
  flushIntervalMs: number;
  /** What `prune()` keeps; at least the update window. */
  retentionMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Calibrated defaults: see README, "Calibration". */
export const DEFAULT_VOLATILITY_CONFIG: VolatilityConfig = {
  base: {
    task: 1,
    project: 1,
    user: 1,
    git_branch: 1,
    context: 1,
    agent: 0.8,
    template: 0.6,
  },
  updatesToSaturate: 10,
  updateWindowMs: 24 * HOUR,
  sessionMs: 12 * HOUR,
  recentHalfLifeMs: HOUR,
  readAfterWindowMs: 5 * MINUTE,
  capacity: { keys: 50_000, users: 20_000, pendingCounters: 50_000 },
  flushThreshold: 5_000,
  flushIntervalMs: 5_000,
  retentionMs: 7 * 24 * HOUR,
};

export type VolatilityOverrides = Partial<Omit<VolatilityConfig, 'capacity'>> & {
  capacity?: Partial<VolatilityConfig['capacity']>;
};

/** One setting out of range: which, its value, and the rule it breaks. */
export interface VolatilityConfigProblem {
  setting: string;
  value: number;
  rule: string;
}

/** The defaults with `overrides` over them; throws naming every setting out of range. */
export function resolveVolatilityConfig(overrides: VolatilityOverrides = {}): VolatilityConfig {
  const { config, problems } = checkVolatilityConfig(overrides);
  if (problems.length > 0) {
    const lines = problems.map((problem) => `${problem.setting}: ${problem.value} ${problem.rule}`);
    throw new Error(`Invalid volatility configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}

/** As resolveVolatilityConfig, but returns every problem instead of throwing. */
export function checkVolatilityConfig(overrides: VolatilityOverrides = {}): {
  config: VolatilityConfig;
  problems: VolatilityConfigProblem[];
} {
  const config: VolatilityConfig = {
    ...DEFAULT_VOLATILITY_CONFIG,
    ...overrides,
    base: { ...DEFAULT_VOLATILITY_CONFIG.base, ...overrides.base },
    capacity: { ...DEFAULT_VOLATILITY_CONFIG.capacity, ...overrides.capacity },
  };
  const problems: VolatilityConfigProblem[] = [];
  for (const [type, base] of Object.entries(config.base)) {
    if (!(base >= 0 && base <= 1)) {
      problems.push({ setting: `base.${type}`, value: base, rule: 'is not in [0, 1]' });
    }
  }
  const positive: Array<[string, number]> = [
    ['updatesToSaturate', config.updatesToSaturate],
    ['updateWindowMs', config.updateWindowMs],
    ['sessionMs', config.sessionMs],
    ['recentHalfLifeMs', config.recentHalfLifeMs],
    ['readAfterWindowMs', config.readAfterWindowMs],
    ['capacity.keys', config.capacity.keys],
    ['capacity.users', config.capacity.users],
    ['capacity.pendingCounters', config.capacity.pendingCounters],
    ['flushThreshold', config.flushThreshold],
    ['flushIntervalMs', config.flushIntervalMs],
  ];
  for (const [setting, value] of positive) {
    if (!(Number.isFinite(value) && value > 0)) {
      problems.push({ setting, value, rule: 'must be a number above 0' });
    }
  }
  if (!(config.retentionMs >= config.updateWindowMs)) {
    problems.push({
      setting: 'retentionMs',
      value: config.retentionMs,
      rule: `must cover updateWindowMs (${config.updateWindowMs})`,
    });
  }
  return { config, problems };
}
