import { warmingConfigFromEnv, type WarmingOverrides } from '@strata/warming';
import { commandLineFlags } from '../bench/report/command-line-flags';
import { defaultWorkloadOptions, WRITTEN_TYPES, type WorkloadOptions } from './workload-options';

export interface WorkloadCli {
  options: WorkloadOptions;
  /** CI mode: small dataset, a few simulated hours; nothing written to BENCHMARKS.md. */
  quick: boolean;
  help: boolean;
}

export const USAGE = `npm run bench:workload -- [--quick] [--seed N] [--users N] [--hours N] [--start-hour H]
  [--requests N] [--writes-per-day type=N[,type=N…]] [--zipf S] [--active-users SHARE]
  [--database sqlite|postgres] [--warming all|none|strategy[,strategy…]] [--no-cold-restart]
  --writes-per-day types: ${[...WRITTEN_TYPES, 'global'].join(', ')}
  --database postgres needs STRATA_TEST_POSTGRES_URL (two schemas are created and dropped there).`;

/** The strategies named, checked as STRATA_WARMING_STRATEGIES is. */
function parseWarming(text: string): WarmingOverrides {
  const { config, problems } = warmingConfigFromEnv({ STRATA_WARMING_STRATEGIES: text });
  if (problems.length > 0) {
    throw new Error(`--warming: ${problems.join('; ')}\n${USAGE}`);
  }
  return config;
}

/** Reads the command line over the defaults (of --quick when given, wherever it appears). */
export function parseWorkloadCli(argv: readonly string[], env: NodeJS.ProcessEnv): WorkloadCli {
  const quick = argv.includes('--quick');
  const options = defaultWorkloadOptions(quick);
  let help = false;
  for (const { flag, value } of commandLineFlags(argv, USAGE)) {
    switch (flag) {
      case '--quick':
        break;
      case '--help':
        help = true;
        break;
      case '--seed':
        options.seed = whole(flag, value(), 0);
        break;
      case '--users':
        options.dataset = { ...options.dataset, users: whole(flag, value(), 1) };
        break;
      case '--hours':
        options.hours = whole(flag, value(), 1);
        break;
      case '--start-hour':
        options.startHour = whole(flag, value(), 0) % 24;
        break;
      case '--requests':
        options.requests = whole(flag, value(), 1);
        break;
      case '--zipf':
        options.zipfExponent = positive(flag, value());
        break;
      case '--active-users':
        options.activeUserShare = Math.min(1, positive(flag, value()));
        break;
      case '--writes-per-day':
        options.writesPerDay = parseWriteRates(value(), options.writesPerDay);
        break;
      case '--database':
        options.database = parseDatabase(value(), env);
        break;
      case '--warming':
        options.warming = parseWarming(value());
        break;
      case '--no-cold-restart':
        options.coldRestart = false;
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return { options, quick, help };
}

function whole(flag: string, text: string, min: number): number {
  const number = Number(text);
  if (!Number.isInteger(number) || number < min) {
    throw new Error(`${flag} must be a whole number ≥ ${min}, not "${text}"\n${USAGE}`);
  }
  return number;
}

function positive(flag: string, text: string): number {
  const number = Number(text);
  if (!Number.isFinite(number) || number <= 0) {
    throw new Error(`${flag} must be a positive number, not "${text}"\n${USAGE}`);
  }
  return number;
}

function parseWriteRates(
  text: string,
  current: WorkloadOptions['writesPerDay'],
): WorkloadOptions['writesPerDay'] {
  const rates = { ...current };
  for (const pair of text.split(',')) {
    const [type, count] = pair.split('=');
    if (!(type in rates) || count === undefined) {
      throw new Error(`bad --writes-per-day entry "${pair}"\n${USAGE}`);
    }
    rates[type as keyof typeof rates] = whole('--writes-per-day', count, 0);
  }
  return rates;
}

function parseDatabase(text: string, env: NodeJS.ProcessEnv): 'sqlite' | 'postgres' {
  if (text === 'sqlite') return 'sqlite';
  if (text === 'postgres') {
    if (!env['STRATA_TEST_POSTGRES_URL']) {
      throw new Error('--database postgres needs STRATA_TEST_POSTGRES_URL');
    }
    return 'postgres';
  }
  throw new Error(`bad --database ${text}\n${USAGE}`);
}
