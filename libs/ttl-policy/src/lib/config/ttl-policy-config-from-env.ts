import { readFileSync } from 'node:fs';
import { POLICY_TYPES, VOLATILITY_BANDS } from '../ttl-policy-config';
import type { TtlPolicyConfig } from '../ttl-policy-config';
import { checkTtlPolicyConfig } from './resolve-ttl-policy-config';

/** Names a JSON file with any part of the configuration (same shape as TtlPolicyOverrides). */
export const TTL_POLICY_FILE_VARIABLE = 'STRATA_TTL_POLICY_FILE';

type Environment = Readonly<Record<string, string | undefined>>;
type Json = Record<string, Record<string, unknown>>;

/** Each single variable and the setting it stands for (`STRATA_TTL_TASK_HIGH` → ttlSeconds.task.high). */
function singleVariables(): Array<{ variable: string; path: string[] }> {
  const variables: Array<{ variable: string; path: string[] }> = [];
  for (const type of POLICY_TYPES) {
    for (const band of VOLATILITY_BANDS) {
      variables.push({
        variable: `STRATA_TTL_${type.toUpperCase()}_${band.toUpperCase()}`,
        path: ['ttlSeconds', type, band],
      });
    }
  }
  variables.push(
    { variable: 'STRATA_TTL_BAND_HIGH', path: ['bands', 'high'] },
    { variable: 'STRATA_TTL_BAND_MEDIUM', path: ['bands', 'medium'] },
    { variable: 'STRATA_TTL_JITTER', path: ['jitter', 'ratio'] },
    { variable: 'STRATA_TTL_MIN_SECONDS', path: ['jitter', 'minSeconds'] },
    { variable: 'STRATA_TTL_MAX_SECONDS', path: ['jitter', 'maxSeconds'] },
  );
  return variables;
}

const SINGLE_VARIABLES = singleVariables();

function readFileOverrides(path: string): { file: Json; problem?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      file: {},
      problem: `${TTL_POLICY_FILE_VARIABLE}: cannot read "${path}": ${(error as Error).message}`,
    };
  }
  try {
    return { file: JSON.parse(text) as Json };
  } catch (error) {
    return {
      file: {},
      problem: `${TTL_POLICY_FILE_VARIABLE}: "${path}" is not JSON: ${(error as Error).message}`,
    };
  }
}

/** `value` at `path` of a copy of `root`, creating the objects on the way. */
function withSetting(root: unknown, path: readonly string[], value: number): unknown {
  const [head, ...rest] = path;
  const object = typeof root === 'object' && root !== null && !Array.isArray(root) ? root : {};
  const inner = (object as Record<string, unknown>)[head];
  return { ...object, [head]: rest.length === 0 ? value : withSetting(inner, rest, value) };
}

/**
 * The configuration at start: defaults, then the JSON file named by STRATA_TTL_POLICY_FILE, then
 * single variables (STRATA_TTL_<TYPE>_<BAND>, STRATA_TTL_BAND_HIGH/MEDIUM, STRATA_TTL_JITTER,
 * STRATA_TTL_MIN_SECONDS/MAX_SECONDS). Every problem is reported, naming the variable that set
 * the setting, or the file and the setting's place in it.
 */
export function ttlPolicyConfigFromEnv(env: Environment): {
  config: TtlPolicyConfig;
  problems: string[];
} {
  const problems: string[] = [];
  const path = env[TTL_POLICY_FILE_VARIABLE];
  const read = path ? readFileOverrides(path) : { file: {} };
  if (read.problem) {
    problems.push(read.problem);
  }
  let overrides: unknown = read.file;
  const variableOf = new Map<string, string>();
  for (const { variable, path: settingPath } of SINGLE_VARIABLES) {
    const text = env[variable];
    if (text === undefined || text === '') {
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      problems.push(`${variable}="${text}" is not a number`);
      continue;
    }
    overrides = withSetting(overrides, settingPath, value);
    variableOf.set(settingPath.join('.'), variable);
  }
  const checked = checkTtlPolicyConfig(overrides);
  for (const problem of checked.problems) {
    // A rule across settings (medium ≤ high, min ≤ max) names the variables that set any of them.
    const variables = [...variableOf]
      .filter(([setting]) => setting === problem.path || setting.startsWith(`${problem.path}.`))
      .map(([, variable]) => variable);
    problems.push(
      variables.length > 0
        ? `${variables.join(', ')}: ${problem.message}`
        : `${TTL_POLICY_FILE_VARIABLE} (${path}): ${problem.path}: ${problem.message}`,
    );
  }
  return { config: checked.config, problems };
}
