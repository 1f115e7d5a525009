import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AlertService, KpiService } from '@strata/observability';
import { RequiresScope } from '@strata/platform';
import { AlertListDto } from '../dto/responses/alerts.dto';
import { KpiHistoryDto, KpiReportDto } from '../dto/responses/kpis.dto';
import { ApiErrors } from './api-errors';

/** DESIGN §7: the KPIs beside their targets, and the alerts, of this process. */
@ApiTags('cache')
@Controller('v1/cache')
export class ObservabilityController {
  constructor(
    private readonly kpis: KpiService,
    private readonly alerts: AlertService,
  ) {}

  @Get('kpis')
  @RequiresScope('read')
  @ApiOkResponse({
    type: KpiReportDto,
    description:
      'Hit rate, average response time, database-query reduction, memory efficiency and warming success: each over the sliding window (STRATA_KPI_WINDOW_SECONDS) and since start, beside its target',
  })
  @ApiErrors()
  kpiReport() {
    return this.kpis.report();
  }

  @Get('kpis/history')
  @RequiresScope('read')
  @ApiOkResponse({
    type: KpiHistoryDto,
    description:
      "The KPIs' window values sampled every 30 s over the last hour (the dashboard's charts)",
  })
  @ApiErrors()
  kpiHistory() {
    return { sampleSeconds: KpiService.HISTORY_SAMPLE_SECONDS, points: this.kpis.historyPoints() };
  }

  @Get('alerts')
  @RequiresScope('read')
  @ApiOkResponse({
    type: AlertListDto,
    description:
      'The DESIGN §7 alert rules, evaluated here on the KPI windows: firing and resolved, since when',
  })
  @ApiErrors()
  alertList() {
    return this.alerts.list();
  }
}
