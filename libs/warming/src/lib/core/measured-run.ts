import type { SourceQueryCounter } from '@strata/contexts';
import type { Clock } from '@strata/tiers';
import type { WarmRunReport, WarmingService } from './warming.service';
import type { WarmProposal } from './warming-strategy';

/** A run as recorded and answered: what it warmed and the source statements it cost. */
export interface MeasuredRun extends WarmRunReport {
  at: string;
  /** Source statements the run made (its questions and its loads), every one counted. */
  statements: number;
}

/**
 * Works out a run's proposals with `decide` and loads them now through WarmingService.run,
 * counting every source statement from the first question to the last load. Statements others
 * run meanwhile (reads, writes) count too: the figure is an upper bound under load.
 */
export async function measuredRun(
  {
    warming,
    counter,
    clock,
  }: { warming: WarmingService; counter: SourceQueryCounter; clock: Clock },
  strategy: string,
  decide: () => Promise<WarmProposal[]>,
): Promise<MeasuredRun> {
  const before = counter.count;
  const at = new Date(clock.now()).toISOString();
  const report = await warming.run(strategy, await decide());
  return { ...report, at, statements: counter.count - before };
}
