import type { Clock } from '@strata/tiers';
import { WindowedTally } from '../windows/sliding-sum';

/** The quantities the KPIs are ratios of, each over the window and since start. */
export class KpiTallies {
  /** Reads answered (a failed one included). */
  readonly reads: WindowedTally;
  /** Reads answered by a tier. */
  readonly hits: WindowedTally;
  /** Milliseconds the reads took to answer, summed. */
  readonly responseMs: WindowedTally;
  /** Load cost of the reads answered by a tier: statements the cache saved. */
  readonly statementsSaved: WindowedTally;
  /** Reads answered by a tier from an entry whose load cost was not measured. */
  readonly hitsUnmeasured: WindowedTally;
  /** Every statement the source of truth ran. */
  readonly statementsRun: WindowedTally;
  readonly departedBytes: WindowedTally;
  readonly departedReadBytes: WindowedTally;
  readonly warmedDeparted: WindowedTally;
  readonly warmedDepartedRead: WindowedTally;

  constructor(
    readonly windowMs: number,
    clock: Clock,
  ) {
    const tally = () => new WindowedTally(windowMs, clock);
    this.reads = tally();
    this.hits = tally();
    this.responseMs = tally();
    this.statementsSaved = tally();
    this.hitsUnmeasured = tally();
    this.statementsRun = tally();
    this.departedBytes = tally();
    this.departedReadBytes = tally();
    this.warmedDeparted = tally();
    this.warmedDepartedRead = tally();
  }
}
