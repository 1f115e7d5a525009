import {
  checkVolatilityConfig,
  DEFAULT_VOLATILITY_CONFIG,
  type VolatilityOverrides,
} from './volatility-config';

type Environment = Readonly<Record<string, string | undefined>>;

const SESSION_VARIABLE = 'STRATA_VOLATILITY_SESSION_MINUTES';

/**
 * The analytics' settings from the environment: `STRATA_VOLATILITY_BASE_<TYPE>` (e.g.
 * `STRATA_VOLATILITY_BASE_TASK=0.9`, in [0, 1]) and `STRATA_VOLATILITY_SESSION_MINUTES` (above
 * 0). Every problem is reported, naming its variable.
 */
export function volatilityConfigFromEnv(env: Environment): {
  config: VolatilityOverrides;
  problems: string[];
} {
  const problems: string[] = [];
  const variableOf = new Map<string, string>();
  const numberOf = (variable: string, setting: string): number | undefined => {
    const text = env[variable];
    if (text === undefined || text === '') {
      return undefined;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      problems.push(`${variable}="${text}" is not a number`);
      return undefined;
    }
    variableOf.set(setting, `${variable}="${text}"`);
    return value;
  };
  const base: Record<string, number> = {};
  for (const type of Object.keys(DEFAULT_VOLATILITY_CONFIG.base)) {
    const value = numberOf(`STRATA_VOLATILITY_BASE_${type.toUpperCase()}`, `base.${type}`);
    if (value !== undefined) {
      base[type] = value;
    }
  }
  const sessionMinutes = numberOf(SESSION_VARIABLE, 'sessionMs');
  const config: VolatilityOverrides = {
    base,
    ...(sessionMinutes === undefined ? {} : { sessionMs: sessionMinutes * 60_000 }),
  };
  for (const problem of checkVolatilityConfig(config).problems) {
    const variable = variableOf.get(problem.setting);
    problems.push(
      variable
        ? `${variable} ${problem.rule}`
        : `${problem.setting}: ${problem.value} ${problem.rule}`,
    );
  }
  return { config, problems };
}
