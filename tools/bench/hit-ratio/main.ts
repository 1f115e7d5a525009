import { dirname, join } from 'node:path';
import { createProgress } from '../../harness/progress';
import { writeBenchmarkSection } from '../report/benchmarks-file';
import { readTrace, type Trace } from '../traces/read-trace';
import { type AnchorTrace, readAnchors } from './anchors';
import { type HitRatioOptions, parseOptions } from './cli-options';
import { anchorsTable, syntheticTable } from './markdown';
import { type PolicyName, replay } from './replay';
import { type ComparedPoint, summarise } from './summary';
import { type SyntheticResult, type SyntheticTrace, syntheticTraces } from './synthetic-traces';

/** Small published traces that replay in well under a second: enough for CI to prove the harness runs. */
const QUICK_TRACES = ['lirs-cs', 'lirs-gli'];

const progress = createProgress('bench:hit-ratio');

function report(trace: string, capacity: number, policy: PolicyName, hitRatio: number): number {
  const rounded = Math.round(hitRatio * 100) / 100;
  progress.print(JSON.stringify({ trace, capacity, policy, hitRatio: rounded }));
  return rounded;
}

function replayAll(
  trace: Trace,
  capacities: readonly number[],
  policies: readonly PolicyName[],
): void {
  const replays = progress.phase('replays', capacities.length * policies.length);
  for (const capacity of capacities) {
    for (const policy of policies) {
      report(trace.name, capacity, policy, replay(trace, capacity, policy));
      replays.tick();
    }
  }
}

async function compareWithAnchors(
  anchors: readonly AnchorTrace[],
  tracesDirectory: string,
): Promise<ComparedPoint[]> {
  const points: ComparedPoint[] = [];
  const phase = progress.phase(
    'anchor points',
    anchors.reduce((sum, anchor) => sum + anchor.points.length, 0),
  );
  for (const anchor of anchors) {
    const trace = await readTrace(join(tracesDirectory, `${anchor.trace}.keys.gz`));
    for (const point of anchor.points) {
      report(trace.name, point.capacity, 'lru', replay(trace, point.capacity, 'lru'));
      const strata = report(
        trace.name,
        point.capacity,
        'strata',
        replay(trace, point.capacity, 'strata'),
      );
      points.push({ ...point, trace: anchor.trace, strata });
      phase.tick();
    }
  }
  return points;
}

function compareOnSynthetic(traces: readonly SyntheticTrace[]): SyntheticResult[] {
  const phase = progress.phase(
    'synthetic points',
    traces.reduce((sum, trace) => sum + trace.capacities.length, 0),
  );
  return traces.flatMap((trace) =>
    trace.capacities.map((capacity) => {
      const result = {
        trace: trace.name,
        capacity,
        lru: report(trace.name, capacity, 'lru', replay(trace, capacity, 'lru')),
        arc: report(trace.name, capacity, 'arc', replay(trace, capacity, 'arc')),
        strata: report(trace.name, capacity, 'strata', replay(trace, capacity, 'strata')),
      };
      phase.tick();
      return result;
    }),
  );
}

async function run(options: HitRatioOptions): Promise<void> {
  if (options.trace !== undefined) {
    replayAll(await readTrace(options.trace), options.capacities, options.policies);
    return;
  }
  const tracesDirectory = join(dirname(options.anchorsFile), 'traces');
  const anchors = readAnchors(options.anchorsFile).filter(
    (anchor) => !options.quick || QUICK_TRACES.includes(anchor.trace),
  );
  const started = Date.now();
  const points = await compareWithAnchors(anchors, tracesDirectory);
  const summary = summarise(points, 'strata');
  if (options.quick) {
    progress.close();
    console.log(JSON.stringify({ points: points.length, ...summary }));
    return;
  }
  const synthetic = compareOnSynthetic(syntheticTraces());
  progress.close();
  const seconds = (Date.now() - started) / 1000;
  writeBenchmarkSection(
    'hit-ratio',
    'npm run bench:hit-ratio',
    `${anchorsTable(points)}\n\n${syntheticTable(synthetic)}\n\nAll traces and capacities replayed in ${seconds.toFixed(1)} s.`,
  );
  console.log(JSON.stringify({ points: points.length, ...summary }));
}

run(parseOptions(process.argv.slice(2), process.env))
  .finally(() => progress.close())
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
