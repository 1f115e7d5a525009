import { Module } from '@nestjs/common';
import { AlertService } from './alerts/alert.service';
import { KpiService } from './kpis/kpi.service';
import { ConfigurableObservabilityModule } from './observability.module-definition';

/**
 * The KPIs (KpiService) and alerts (AlertService) of this process. Needs StrataCache and the
 * global SourceQueryCounter in scope: `forRootAsync({ imports: [the cache's module], … })`.
 */
@Module({
  providers: [KpiService, AlertService],
  exports: [KpiService, AlertService],
})
export class ObservabilityModule extends ConfigurableObservabilityModule {}
