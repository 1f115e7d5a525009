import type { SourceQueryCounter } from '@strata/contexts';
import type { Clock } from '@strata/tiers';
import { emptyRunReport, type WarmRunReport, type WarmingService } from './warming.service';
import type { WarmProposal } from './warming-strategy';

/** A run as recorded and answered: what it warmed and the source statements it cost. */
export interface MeasuredRun extends WarmRunReport {
  at: string;
  /** Source statements the run made (its questions and its loads), every one counted. */
  statements: number;
}

/** A run under way: its end, and what it has done so far. */
export interface RunningWarm {
  /** The run once every proposal settled. */
  readonly done: Promise<MeasuredRun>;
  /** What the run has done so far, and the statements made since it started. */
  sofar(): MeasuredRun;
}

/**
 * Works out a run's proposals with `decide` and loads them now through WarmingService.run,
 * counting every source statement from the first question to the last load. Statements others
 * run meanwhile (reads, writes) count too: the figure is an upper bound under load.
 */
export function measuredRun(
  {
    warming,
    counter,
    clock,
  }: { warming: WarmingService; counter: SourceQueryCounter; clock: Clock },
  strategy: string,
  decide: () => Promise<WarmProposal[]>,
): RunningWarm {
  const before = counter.count;
  const at = new Date(clock.now()).toISOString();
  const report = emptyRunReport(strategy);
  const sofar = (): MeasuredRun => ({
    ...report,
    outcomes: { ...report.outcomes },
    warmedKeys: [...report.warmedKeys],
    at,
    statements: counter.count - before,
  });
  const done = (async () => {
    await warming.run(strategy, await decide(), report);
    return sofar();
  })();
  return { done, sofar };
}
