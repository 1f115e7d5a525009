import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { SourceQueryCounter } from '@strata/contexts';
import { StrataCache, systemClock, type Clock } from '@strata/tiers';
import {
  OBSERVABILITY_MODULE_OPTIONS,
  type ObservabilityModuleOptions,
} from '../observability.module-definition';
import { KpiRecorder } from './kpi-recorder';
import { kpiReport } from './kpi-report';
import type { KpiReport } from './kpi-report-types';
import { KpiTallies } from './kpi-tallies';

/**
 * The DESIGN §7 KPIs of this process, from the moment it starts: every answer of its cache, every
 * entry leaving its hot tier, and every statement its source of truth runs.
 */
@Injectable()
export class KpiService implements OnModuleDestroy {
  private readonly clock: Clock;
  private readonly tallies: KpiTallies;
  private readonly stops: Array<() => void>;

  constructor(
    @Inject(OBSERVABILITY_MODULE_OPTIONS) options: ObservabilityModuleOptions,
    cache: StrataCache,
    statements: SourceQueryCounter,
  ) {
    this.clock = options.clock ?? systemClock;
    this.tallies = new KpiTallies(options.config.kpiWindowSeconds * 1000, this.clock);
    const recorder = new KpiRecorder(this.tallies);
    this.stops = [cache.observe(recorder), statements.onStatement(() => recorder.statementRun())];
  }

  report(): KpiReport {
    return kpiReport(this.tallies, this.clock.now());
  }

  onModuleDestroy(): void {
    this.stops.forEach((stop) => stop());
  }
}
