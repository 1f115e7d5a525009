import type { CacheAnswer, CacheObserver, HotDeparture } from '@strata/tiers';
import type { KpiTallies } from './kpi-tallies';

/** Counts what the cache and the source report into the KPI tallies. */
export class KpiRecorder implements CacheObserver {
  constructor(private readonly tallies: KpiTallies) {}

  answered({ source, loadCost, seconds }: CacheAnswer): void {
    const { tallies } = this;
    tallies.reads.add();
    tallies.responseMs.add(seconds * 1000);
    if (source === 'miss' || source === 'stale') {
      return;
    }
    tallies.hits.add();
    if (loadCost === undefined) {
      tallies.hitsUnmeasured.add();
    } else {
      tallies.statementsSaved.add(loadCost);
    }
  }

  departed({ bytes, readSinceAdmitted, warmedBy }: HotDeparture): void {
    const { tallies } = this;
    tallies.departedBytes.add(bytes);
    if (readSinceAdmitted) {
      tallies.departedReadBytes.add(bytes);
    }
    if (warmedBy !== undefined) {
      tallies.warmedDeparted.add();
      if (readSinceAdmitted) {
        tallies.warmedDepartedRead.add();
      }
    }
  }

  statementRun(): void {
    this.tallies.statementsRun.add();
  }
}
