import { DEFAULT_VOLATILITY_CONFIG, type VolatilityOverrides } from './volatility-config';

type Environment = Record<string, string | undefined>;

/**
 * The analytics' settings from the environment: `STRATA_VOLATILITY_BASE_<TYPE>` (e.g.
 * `STRATA_VOLATILITY_BASE_TASK=0.9`) and `STRATA_VOLATILITY_SESSION_MINUTES`. Ranges are checked
 * by `resolveVolatilityConfig`; this only says which variable is not a number.
 */
export function volatilityConfigFromEnv(env: Environment = process.env): VolatilityOverrides {
  const problems: string[] = [];
  const numberOf = (variable: string): number | undefined => {
    const text = env[variable];
    if (text === undefined || text === '') {
      return undefined;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      problems.push(`${variable}="${text}" is not a number`);
    }
    return value;
  };
  const base: Record<string, number> = {};
  for (const type of Object.keys(DEFAULT_VOLATILITY_CONFIG.base)) {
    const value = numberOf(`STRATA_VOLATILITY_BASE_${type.toUpperCase()}`);
    if (value !== undefined) {
      base[type] = value;
    }
  }
  const sessionMinutes = numberOf('STRATA_VOLATILITY_SESSION_MINUTES');
  if (problems.length > 0) {
    throw new Error(`Invalid volatility environment:\n  ${problems.join('\n  ')}`);
  }
  return {
    base,
    ...(sessionMinutes === undefined ? {} : { sessionMs: sessionMinutes * 60_000 }),
  };
}
