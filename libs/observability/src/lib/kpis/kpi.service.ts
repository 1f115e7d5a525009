import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SourceQueryCounter } from '@strata/contexts';
import { StrataCache, systemClock, type Clock } from '@strata/tiers';
import {
  OBSERVABILITY_MODULE_OPTIONS,
  type ObservabilityModuleOptions,
} from '../observability.module-definition';
import { KpiHistory, type KpiHistoryPoint } from './kpi-history';
import { KpiRecorder } from './kpi-recorder';
import { kpiReport } from './kpi-report';
import type { KpiReport } from './kpi-report-types';
import { KpiTallies } from './kpi-tallies';

/**
 * The DESIGN §7 KPIs of this process, from the moment it starts: every answer of its cache, every
 * entry leaving its hot tier, and every statement its source of truth runs.
 */
@Injectable()
export class KpiService implements OnModuleInit, OnModuleDestroy {
  /** How often the history samples the KPIs: 120 points over its hour. */
  static readonly HISTORY_SAMPLE_SECONDS = 30;
  private readonly clock: Clock;
  private readonly history = new KpiHistory(KpiService.HISTORY_SAMPLE_SECONDS);
  private sampler: NodeJS.Timeout | undefined;
  private readonly tallies: KpiTallies;
  private readonly stops: Array<() => void>;

  constructor(
    @Inject(OBSERVABILITY_MODULE_OPTIONS) private readonly options: ObservabilityModuleOptions,
    cache: StrataCache,
    statements: SourceQueryCounter,
  ) {
    this.clock = options.clock ?? systemClock;
    this.tallies = new KpiTallies(options.config.kpiWindowSeconds * 1000, this.clock);
    const recorder = new KpiRecorder(this.tallies);
    this.stops = [cache.observe(recorder), statements.onStatement(() => recorder.statementRun())];
  }

  onModuleInit(): void {
    if (this.options.evaluateOnSchedule === false) {
      return;
    }
    this.sampler = setInterval(
      () => this.sampleHistory(),
      KpiService.HISTORY_SAMPLE_SECONDS * 1000,
    );
    this.sampler.unref();
  }

  report(): KpiReport {
    return kpiReport(this.tallies, this.clock.now());
  }

  /** Adds the KPIs' window values now to the last hour's history (on a schedule, or in tests). */
  sampleHistory(): void {
    this.history.record(this.report());
  }

  historyPoints(): KpiHistoryPoint[] {
    return this.history.list();
  }

  onModuleDestroy(): void {
    clearInterval(this.sampler);
    this.stops.forEach((stop) => stop());
  }
}
