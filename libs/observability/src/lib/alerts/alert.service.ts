import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { StrataCache, systemClock, type Clock } from '@strata/tiers';
import type { ObservabilityConfig } from '../config/observability-config';
import { KpiService } from '../kpis/kpi.service';
import {
  OBSERVABILITY_MODULE_OPTIONS,
  type ObservabilityModuleOptions,
} from '../observability.module-definition';
import { AlertBook, type Alert, type AlertTransition } from './alert-book';
import { observeAlertRules } from './alert-rules';

export interface AlertList {
  /** Null until the first evaluation. */
  evaluatedAt: string | null;
  evaluationSeconds: number;
  forSeconds: number;
  alerts: Alert[];
}

/** DESIGN §7's alert rules evaluated in this process on its KPI windows, on a schedule. */
@Injectable()
export class AlertService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  private readonly config: ObservabilityConfig;
  private readonly clock: Clock;
  private readonly book: AlertBook;
  private evaluatedAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(OBSERVABILITY_MODULE_OPTIONS) private readonly options: ObservabilityModuleOptions,
    private readonly kpis: KpiService,
    private readonly cache: StrataCache,
  ) {
    this.config = options.config;
    this.clock = options.clock ?? systemClock;
    this.book = new AlertBook(this.config);
  }

  onModuleInit(): void {
    if (this.options.evaluateOnSchedule === false) {
      return;
    }
    this.timer = setInterval(() => void this.evaluate(), this.config.alertEvaluationSeconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Evaluates every rule now (one evaluation at a time) and logs each state change once. */
  evaluate(): Promise<void> {
    this.running ??= this.evaluateOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  list(): AlertList {
    return {
      evaluatedAt: this.evaluatedAt === undefined ? null : new Date(this.evaluatedAt).toISOString(),
      evaluationSeconds: this.config.alertEvaluationSeconds,
      forSeconds: this.config.alertForSeconds,
      alerts: this.book.list(),
    };
  }

  private async evaluateOnce(): Promise<void> {
    try {
      const inputs = { kpis: this.kpis.report(), stats: await this.cache.stats() };
      const now = this.clock.now();
      const transitions = this.book.evaluate(observeAlertRules(inputs, this.config.alerts), now);
      this.evaluatedAt = now;
      transitions.forEach((transition) => this.log(transition));
    } catch (error) {
      this.logger.error(
        `alert evaluation failed: ${error instanceof Error ? error.message : error}`,
      );
    }
  }

  private log({ alert }: AlertTransition): void {
    const labels = Object.entries(alert.labels)
      .map(([label, value]) => ` ${label}=${value}`)
      .join('');
    const line = `alert ${alert.rule}${labels} ${alert.state} (${alert.severity}): ${alert.summary}`;
    if (alert.state === 'resolved') {
      this.logger.log(line);
    } else if (alert.severity === 'info') {
      this.logger.log(line);
    } else {
      this.logger.warn(line);
    }
  }
}
