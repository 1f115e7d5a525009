import { readFileSync } from 'node:fs';
import { POLICY_TYPES, VOLATILITY_BANDS } from '../ttl-policy-config';
import type { TtlPolicyConfig } from '../ttl-policy-config';
import { resolveTtlPolicyConfig } from './resolve-ttl-policy-config';

/** Names a JSON file with any part of the configuration (same shape as TtlPolicyOverrides). */
export const TTL_POLICY_FILE_VARIABLE = 'STRATA_TTL_POLICY_FILE';

type Environment = Record<string, string | undefined>;
type Json = Record<string, Record<string, unknown>>;

/** Single numbers from the environment, laid over the file: `STRATA_TTL_TASK_HIGH=90`, … */
function variablesOf(env: Environment): { overrides: Json; problems: string[] } {
  const overrides: Json = { ttlSeconds: {}, bands: {}, jitter: {} };
  const problems: string[] = [];
  const take = (variable: string, place: (value: number) => void) => {
    const text = env[variable];
    if (text === undefined || text === '') {
      return;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      problems.push(`${variable}="${text}" is not a number`);
      return;
    }
    place(value);
  };
  for (const type of POLICY_TYPES) {
    for (const band of VOLATILITY_BANDS) {
      take(`STRATA_TTL_${type.toUpperCase()}_${band.toUpperCase()}`, (value) => {
        overrides['ttlSeconds'][type] = {
          ...(overrides['ttlSeconds'][type] as object),
          [band]: value,
        };
      });
    }
  }
  take('STRATA_TTL_BAND_HIGH', (value) => (overrides['bands']['high'] = value));
  take('STRATA_TTL_BAND_MEDIUM', (value) => (overrides['bands']['medium'] = value));
  take('STRATA_TTL_JITTER', (value) => (overrides['jitter']['ratio'] = value));
  take('STRATA_TTL_MIN_SECONDS', (value) => (overrides['jitter']['minSeconds'] = value));
  take('STRATA_TTL_MAX_SECONDS', (value) => (overrides['jitter']['maxSeconds'] = value));
  return { overrides, problems };
}

function readFileOverrides(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${TTL_POLICY_FILE_VARIABLE}: cannot read "${path}": ${(error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new Error(
      `${TTL_POLICY_FILE_VARIABLE}: "${path}" is not JSON: ${(error as Error).message}`,
    );
  }
}

function merged(file: Json, variables: Json): Json {
  const result: Json = { ...file };
  for (const [section, values] of Object.entries(variables)) {
    if (Object.keys(values).length === 0) {
      continue;
    }
    const base = file[section];
    const nested = { ...(typeof base === 'object' && base !== null ? base : {}) } as Record<
      string,
      unknown
    >;
    for (const [key, value] of Object.entries(values)) {
      const inner = nested[key];
      nested[key] =
        typeof value === 'object' && typeof inner === 'object' && inner !== null
          ? { ...inner, ...value }
          : value;
    }
    result[section] = nested;
  }
  return result;
}

/**
 * The configuration at start: defaults, then the JSON file named by STRATA_TTL_POLICY_FILE, then
 * single variables (STRATA_TTL_<TYPE>_<BAND>, STRATA_TTL_BAND_HIGH/MEDIUM, STRATA_TTL_JITTER,
 * STRATA_TTL_MIN_SECONDS/MAX_SECONDS). Throws a message naming every bad setting.
 */
export function ttlPolicyConfigFromEnv(env: Environment = process.env): TtlPolicyConfig {
  const path = env[TTL_POLICY_FILE_VARIABLE];
  const file = path ? readFileOverrides(path) : {};
  const { overrides, problems } = variablesOf(env);
  if (problems.length > 0) {
    throw new Error(`Invalid TTL policy environment:\n  ${problems.join('\n  ')}`);
  }
  return resolveTtlPolicyConfig(
    merged(file, overrides),
    path ? `TTL policy (${path} and environment)` : 'TTL policy environment',
  );
}
