import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { openVolatilityService } from './open-volatility-service';
import {
  ConfigurableVolatilityModule,
  VOLATILITY_MODULE_OPTIONS,
  type VolatilityModuleOptions,
} from './volatility.module-definition';
import { VolatilityService } from './volatility.service';

const OPENED_VOLATILITY = Symbol('OPENED_VOLATILITY');
type OpenedVolatility = Awaited<ReturnType<typeof openVolatilityService>>;

/**
 * Provides VolatilityService over the analytics' own database. The service loads its history
 * when the module starts and flushes on shutdown; the module then closes the connection.
 */
@Module({
  providers: [
    {
      provide: OPENED_VOLATILITY,
      useFactory: (options: VolatilityModuleOptions) => openVolatilityService(options),
      inject: [VOLATILITY_MODULE_OPTIONS],
    },
    {
      provide: VolatilityService,
      useFactory: (opened: OpenedVolatility) => opened.service,
      inject: [OPENED_VOLATILITY],
    },
  ],
  exports: [VolatilityService],
})
export class VolatilityModule
  extends ConfigurableVolatilityModule
  implements OnApplicationShutdown
{
  constructor(@Inject(OPENED_VOLATILITY) private readonly opened: OpenedVolatility) {
    super();
  }

  /** Runs after the service's own shutdown flush: flushes what arrived since, then closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.opened.close();
  }
}
