import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { InvalidationBus } from '../core/invalidation-bus';
import { BusHealth } from './bus-health';
import { createInvalidationBus, type InvalidationBusOptions } from './create-invalidation-bus';
import {
  ConfigurableInvalidationBusModule,
  INVALIDATION_BUS,
  INVALIDATION_BUS_OPTIONS,
} from './invalidation-bus.module-definition';

/**
 * Provides INVALIDATION_BUS, over the transport the options name, and BusHealth for /health.
 * `InvalidationBusModule.forRoot(options)` or `forRootAsync({ useFactory, inject })`. Hand the bus
 * to TiersModule; this module closes it at shutdown (closing twice is harmless).
 */
@Module({
  providers: [
    {
      provide: INVALIDATION_BUS,
      inject: [INVALIDATION_BUS_OPTIONS],
      useFactory: (options: InvalidationBusOptions) => createInvalidationBus(options),
    },
    {
      provide: BusHealth,
      inject: [INVALIDATION_BUS],
      useFactory: (bus: InvalidationBus) => new BusHealth(bus),
    },
  ],
  exports: [INVALIDATION_BUS, BusHealth],
})
export class InvalidationBusModule
  extends ConfigurableInvalidationBusModule
  implements OnApplicationShutdown
{
  constructor(@Inject(INVALIDATION_BUS) private readonly bus: InvalidationBus) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}
