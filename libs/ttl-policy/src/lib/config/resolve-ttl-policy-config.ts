import {
  DEFAULT_TTL_POLICY_CONFIG,
  PLACEMENT_TIERS,
  POLICY_TYPES,
  VOLATILITY_BANDS,
  type TtlPolicyConfig,
} from '../ttl-policy-config';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One setting that is wrong: where it is in the configuration's shape, and why. */
export interface TtlPolicyProblem {
  path: string;
  message: string;
}

/** Collects every problem, so one start-up failure names them all. */
class Problems {
  readonly found: TtlPolicyProblem[] = [];

  add(path: string, message: string): void {
    this.found.push({ path, message });
  }

  objectAt(path: string, value: unknown, allowed: readonly string[]): Json {
    if (value === undefined) {
      return {};
    }
    if (!isObject(value)) {
      this.add(path, 'must be an object');
      return {};
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.add(`${path}.${key}`, `unknown setting (expected one of ${allowed.join(', ')})`);
      }
    }
    return value;
  }

  numberAt(
    path: string,
    value: unknown,
    fallback: number,
    valid: (n: number) => boolean,
    rule: string,
  ): number {
    if (value === undefined) {
      return fallback;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
      this.add(path, `${JSON.stringify(value)} is not ${rule}`);
      return fallback;
    }
    return value;
  }
}

const positiveInteger = (n: number) => Number.isInteger(n) && n > 0;
const unit = (n: number) => n >= 0 && n <= 1;

/**
 * The defaults with `overrides` (parsed JSON, so of any shape) laid over them, validated: TTLs
 * are positive whole seconds, tiers are hot/warm/cold, 0 ≤ medium ≤ high ≤ 1, the jitter ratio is
 * in [0, 1) and its clamp is a non-empty range. Throws one error naming every problem and `source`.
 */
export function resolveTtlPolicyConfig(overrides: unknown, source = 'TTL policy'): TtlPolicyConfig {
  const { config, problems } = checkTtlPolicyConfig(overrides);
  if (problems.length > 0) {
    const lines = problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw new Error(`Invalid ${source}:\n  ${lines.join('\n  ')}`);
  }
  return config;
}

/** As resolveTtlPolicyConfig, but returns every problem (the defaults stand in for bad settings). */
export function checkTtlPolicyConfig(overrides: unknown): {
  config: TtlPolicyConfig;
  problems: TtlPolicyProblem[];
} {
  const defaults = DEFAULT_TTL_POLICY_CONFIG;
  const problems = new Problems();
  const root = problems.objectAt('ttlPolicy', overrides, [
    'ttlSeconds',
    'tiers',
    'bands',
    'jitter',
  ]);

  const ttlRoot = problems.objectAt('ttlSeconds', root['ttlSeconds'], POLICY_TYPES);
  const tierRoot = problems.objectAt('tiers', root['tiers'], POLICY_TYPES);
  const ttlSeconds = {} as TtlPolicyConfig['ttlSeconds'];
  const tiers = {} as TtlPolicyConfig['tiers'];
  for (const type of POLICY_TYPES) {
    const ttlRow = problems.objectAt(`ttlSeconds.${type}`, ttlRoot[type], VOLATILITY_BANDS);
    const tierRow = problems.objectAt(`tiers.${type}`, tierRoot[type], VOLATILITY_BANDS);
    ttlSeconds[type] = { ...defaults.ttlSeconds[type] };
    tiers[type] = { ...defaults.tiers[type] };
    for (const band of VOLATILITY_BANDS) {
      ttlSeconds[type][band] = problems.numberAt(
        `ttlSeconds.${type}.${band}`,
        ttlRow[band],
        defaults.ttlSeconds[type][band],
        positiveInteger,
        'a whole number of seconds above 0',
      );
      const tier = tierRow[band];
      if (tier === undefined) {
        continue;
      }
      if ((PLACEMENT_TIERS as readonly unknown[]).includes(tier)) {
        tiers[type][band] = tier as (typeof PLACEMENT_TIERS)[number];
      } else {
        problems.add(
          `tiers.${type}.${band}`,
          `${JSON.stringify(tier)} is not one of ${PLACEMENT_TIERS.join(', ')}`,
        );
      }
    }
  }

  const bandRoot = problems.objectAt('bands', root['bands'], ['high', 'medium']);
  const bands = {
    high: problems.numberAt(
      'bands.high',
      bandRoot['high'],
      defaults.bands.high,
      unit,
      'a score in [0, 1]',
    ),
    medium: problems.numberAt(
      'bands.medium',
      bandRoot['medium'],
      defaults.bands.medium,
      unit,
      'a score in [0, 1]',
    ),
  };
  if (bands.medium > bands.high) {
    problems.add('bands', `medium (${bands.medium}) must not be above high (${bands.high})`);
  }

  const jitterRoot = problems.objectAt('jitter', root['jitter'], [
    'ratio',
    'minSeconds',
    'maxSeconds',
  ]);
  const jitter = {
    ratio: problems.numberAt(
      'jitter.ratio',
      jitterRoot['ratio'],
      defaults.jitter.ratio,
      (n) => n >= 0 && n < 1,
      'a ratio in [0, 1)',
    ),
    minSeconds: problems.numberAt(
      'jitter.minSeconds',
      jitterRoot['minSeconds'],
      defaults.jitter.minSeconds,
      positiveInteger,
      'a whole number of seconds above 0',
    ),
    maxSeconds: problems.numberAt(
      'jitter.maxSeconds',
      jitterRoot['maxSeconds'],
      defaults.jitter.maxSeconds,
      positiveInteger,
      'a whole number of seconds above 0',
    ),
  };
  if (jitter.minSeconds > jitter.maxSeconds) {
    problems.add(
      'jitter',
      `minSeconds (${jitter.minSeconds}) must not be above maxSeconds (${jitter.maxSeconds})`,
    );
  }

  return { config: { ttlSeconds, tiers, bands, jitter }, problems: problems.found };
}
