import { commandLineFlags } from '../report/command-line-flags';
import { resolve } from 'node:path';
import { type PolicyName, POLICY_NAMES } from './replay';

export interface HitRatioOptions {
  /** A trace file to replay; without it, every trace of ANCHORS.md (and the synthetic ones). */
  trace?: string;
  capacities: number[];
  policies: readonly PolicyName[];
  /** CI mode: a couple of small traces, nothing written to BENCHMARKS.md. */
  quick: boolean;
  anchorsFile: string;
}

/** ANCHORS.md lives beside the checkout (`../shared/bench/`), unless told otherwise. */
const DEFAULT_ANCHORS = '../shared/bench/ANCHORS.md';

const USAGE =
  'usage: npm run bench:hit-ratio -- [--trace FILE --capacity N[,N…]] [--policy strata|lru|arc|all] ' +
  '[--anchors FILE (or STRATA_BENCH_ANCHORS)] [--quick]';

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): HitRatioOptions {
  const options: HitRatioOptions = {
    capacities: [],
    policies: POLICY_NAMES,
    quick: false,
    anchorsFile: resolve(env['STRATA_BENCH_ANCHORS'] ?? DEFAULT_ANCHORS),
  };
  for (const { flag, value } of commandLineFlags(argv, USAGE)) {
    switch (flag) {
      case '--trace':
        options.trace = resolve(value());
        break;
      case '--capacity':
        options.capacities = value().split(',').map(parseCapacity);
        break;
      case '--policy':
        options.policies = parsePolicy(value());
        break;
      case '--anchors':
        options.anchorsFile = resolve(value());
        break;
      case '--quick':
        options.quick = true;
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (options.trace !== undefined && options.capacities.length === 0) {
    throw new Error(`--trace needs --capacity\n${USAGE}`);
  }
  return options;
}

function parseCapacity(text: string): number {
  const capacity = Number(text);
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new Error(`bad capacity ${text}\n${USAGE}`);
  return capacity;
}

function parsePolicy(text: string): readonly PolicyName[] {
  if (text === 'all') return POLICY_NAMES;
  const policy = POLICY_NAMES.find((name) => name === text);
  if (policy === undefined) throw new Error(`bad policy ${text}\n${USAGE}`);
  return [policy];
}
