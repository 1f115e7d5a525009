import { checkWarmingSettings, WARMING_STRATEGIES, type WarmingOverrides } from './warming-config';

type Environment = Readonly<Record<string, string | undefined>>;

/** Each variable and the setting it stands for. */
const NUMBER_VARIABLES: ReadonlyArray<{ variable: string; setting: string }> = [
  { variable: 'STRATA_WARMING_CONCURRENCY', setting: 'concurrency' },
  { variable: 'STRATA_WARMING_MAX_QUEUED', setting: 'maxQueued' },
  { variable: 'STRATA_WARMING_ON_DEMAND_ANSWER_MS', setting: 'onDemandAnswerMs' },
  { variable: 'STRATA_WARMING_MAX_ON_DEMAND_RUNS', setting: 'maxOnDemandRuns' },
  { variable: 'STRATA_WARMING_REFRESH_AT', setting: 'refreshAhead.at' },
  { variable: 'STRATA_WARMING_REFRESH_JITTER', setting: 'refreshAhead.jitter' },
  { variable: 'STRATA_WARMING_REFRESH_MIN_READS', setting: 'refreshAhead.minReads' },
  { variable: 'STRATA_WARMING_PREDICTIVE_LIMIT', setting: 'predictive.limit' },
  { variable: 'STRATA_WARMING_STATEMENTS_PER_SECOND', setting: 'throttle.statementsPerSecond' },
  { variable: 'STRATA_WARMING_STARTUP_MAX_ENTRIES', setting: 'startup.maxEntries' },
  { variable: 'STRATA_WARMING_STARTUP_MAX_BYTES', setting: 'startup.maxBytes' },
  { variable: 'STRATA_WARMING_STARTUP_TIME_LIMIT_MS', setting: 'startup.timeLimitMs' },
];
const STRATEGIES_VARIABLE = 'STRATA_WARMING_STRATEGIES';

/**
 * Warming's settings from the environment: `STRATA_WARMING_STRATEGIES` (`all`, `none`, or a
 * comma-separated list of strategy names), the queue and concurrency bounds, refresh-ahead's
 * point, jitter and read threshold, and start-up warming's entries, bytes and time limit. Every problem is reported, naming its variable.
 */
export function warmingConfigFromEnv(env: Environment): {
  config: WarmingOverrides;
  problems: string[];
} {
  const problems: string[] = [];
  const variableOf = new Map<string, string>();
  const values: Record<string, number> = {};
  for (const { variable, setting } of NUMBER_VARIABLES) {
    const text = env[variable];
    if (text === undefined || text === '') {
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      problems.push(`${variable}="${text}" is not a number`);
      continue;
    }
    variableOf.set(setting, `${variable}="${text}"`);
    values[setting] = value;
  }
  const config: WarmingOverrides = {
    ...(values['concurrency'] === undefined ? {} : { concurrency: values['concurrency'] }),
    ...(values['maxQueued'] === undefined ? {} : { maxQueued: values['maxQueued'] }),
    ...(values['onDemandAnswerMs'] === undefined
      ? {}
      : { onDemandAnswerMs: values['onDemandAnswerMs'] }),
    ...(values['maxOnDemandRuns'] === undefined
      ? {}
      : { maxOnDemandRuns: values['maxOnDemandRuns'] }),
    refreshAhead: {
      ...(values['refreshAhead.at'] === undefined ? {} : { at: values['refreshAhead.at'] }),
      ...(values['refreshAhead.jitter'] === undefined
        ? {}
        : { jitter: values['refreshAhead.jitter'] }),
      ...(values['refreshAhead.minReads'] === undefined
        ? {}
        : { minReads: values['refreshAhead.minReads'] }),
    },
    ...(values['predictive.limit'] === undefined
      ? {}
      : { predictive: { limit: values['predictive.limit'] } }),
    ...(values['throttle.statementsPerSecond'] === undefined
      ? {}
      : { throttle: { statementsPerSecond: values['throttle.statementsPerSecond'] } }),
    startup: {
      ...(values['startup.maxEntries'] === undefined
        ? {}
        : { maxEntries: values['startup.maxEntries'] }),
      ...(values['startup.maxBytes'] === undefined ? {} : { maxBytes: values['startup.maxBytes'] }),
      ...(values['startup.timeLimitMs'] === undefined
        ? {}
        : { timeLimitMs: values['startup.timeLimitMs'] }),
    },
  };
  const strategies = parseStrategies(env[STRATEGIES_VARIABLE]);
  if (strategies !== undefined) {
    config.strategies = strategies;
    variableOf.set('strategies', `${STRATEGIES_VARIABLE}="${env[STRATEGIES_VARIABLE]}"`);
  }
  for (const problem of checkWarmingSettings(config).problems) {
    const variable = variableOf.get(problem.setting);
    problems.push(
      variable ? `${variable}: ${problem.rule}` : `${problem.setting}: ${problem.rule}`,
    );
  }
  return { config, problems };
}

function parseStrategies(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') {
    return undefined;
  }
  if (text.trim() === 'all') {
    return [...WARMING_STRATEGIES];
  }
  if (text.trim() === 'none') {
    return [];
  }
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
