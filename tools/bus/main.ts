import { loadavg } from 'node:os';
import { writeBenchmarkSection } from '../bench/report/benchmarks-file';
import { commandLineFlags } from '../bench/report/command-line-flags';
import { percentile } from '../bench/report/statistics';
import { PORT_RANGES } from '../harness/ports';
import { createProgress } from '../harness/progress';
import { measurePropagation, type PropagationFigures } from './propagation';
import { startReplicaPair, type Deployment } from './replica-pair';

const USAGE =
  'npm run bench:bus -- [--trials 1000] [--control-trials 20] [--deployments sqlite,postgres,postgres+redis] [--postgres URL] [--no-write]';

interface Options {
  trials: number;
  controlTrials: number;
  deployments: Deployment[];
  write: boolean;
}

function parse(argv: readonly string[]): Options {
  const options: Options = {
    trials: 1000,
    controlTrials: 20,
    deployments: ['sqlite', 'postgres', 'postgres+redis'],
    write: true,
  };
  for (const { flag, value } of commandLineFlags(argv, USAGE)) {
    if (flag === '--trials') {
      options.trials = Number(value());
    } else if (flag === '--control-trials') {
      options.controlTrials = Number(value());
    } else if (flag === '--deployments') {
      options.deployments = value().split(',') as Deployment[];
    } else if (flag === '--postgres') {
      process.env['STRATA_TEST_POSTGRES_URL'] = value();
    } else if (flag === '--no-write') {
      options.write = false;
    } else {
      throw new Error(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  return options;
}

const CONTROL_BOUND_MS = 2_000;
const BOUND_MS = 5_000;

const ms = (value: number) => (Number.isNaN(value) ? '—' : value.toFixed(1));
const spread = (values: readonly number[]) =>
  `${ms(percentile(values, 0.5))} / ${ms(percentile(values, 0.99))} / ${ms(percentile(values, 1))}`;

function row(name: string, figures: PropagationFigures): string {
  return `| ${name} | ${figures.trials} | ${spread(figures.samples)} | ${figures.notSeen} | ${figures.readsPerTrial.toFixed(2)} | ${spread(figures.hotReadMs)} | ${spread(figures.busLagMs)} |`;
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  const rows: string[] = [];
  const load = loadavg()[0].toFixed(1);
  const progress = createProgress('bench:bus');
  for (const deployment of options.deployments) {
    const pair = await startReplicaPair(deployment, PORT_RANGES.busBench);
    try {
      const trials = progress.phase(`${deployment}, bus on`, options.trials, 'trials');
      const figures = await measurePropagation(pair, options.trials, BOUND_MS, trials);
      rows.push(row(`${deployment}, bus on`, figures));
      progress.print(rows[rows.length - 1]);
    } finally {
      progress.close();
      await pair.stop();
    }
    const control = await startReplicaPair(deployment, PORT_RANGES.busBench, {
      STRATA_BUS: 'process',
    });
    try {
      const trials = progress.phase(`${deployment}, no bus`, options.controlTrials, 'trials');
      const figures = await measurePropagation(
        control,
        options.controlTrials,
        CONTROL_BOUND_MS,
        trials,
      );
      rows.push(row(`${deployment}, no bus (control, ${CONTROL_BOUND_MS} ms bound)`, figures));
      progress.print(rows[rows.length - 1]);
    } finally {
      progress.close();
      await control.stop();
    }
  }
  const body = [
    '## Invalidation bus: propagation between two api processes',
    '',
    'Two api processes from the bundle over one database (`tools/bus`). Each trial: B reads the global',
    "context until its hot tier holds it, A replaces it (PUT), and B reads back to back from A's",
    'acknowledgement until it answers the new version. Times in ms include one read round trip on B',
    '(an upper bound of the bus delay). The control runs the same pair with `STRATA_BUS=process`: B',
    'keeps answering the old version from its hot tier. Goal: p99 < 10 ms on loopback.',
    '',
    `The machine was loaded while this ran (1-minute load average ${load} on 2 cores; other`,
    "helpers' tests and benchmarks were running): figures are noisy upper bounds.",
    '',
    'Figures are p50 / p99 / max in ms. "Hot read" is one hot hit on B timed alone in each trial: every',
    'propagation sample includes at least one such round trip. "Bus lag" is the bus\'s own delay, publish',
    "on A to handler on B, as B's stats report it (`lastLagMs`, same machine clock), read after each trial.",
    '',
    '| deployment | trials | write ack on A → new version on B | not seen within bound | B reads per trial | hot read on B | bus lag |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
  if (options.write) {
    writeBenchmarkSection(
      'bus',
      `npm run bench:bus -- ${process.argv.slice(2).join(' ')}`.trim(),
      body,
    );
  }
  console.log(body);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
