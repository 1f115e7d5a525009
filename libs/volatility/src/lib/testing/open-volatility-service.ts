import { Test } from '@nestjs/testing';
import { VolatilityModule } from '../volatility.module';
import type { VolatilityModuleOptions } from '../volatility.module-definition';
import { VolatilityService } from '../volatility.service';

/**
 * The service as VolatilityModule provides it, outside an application, for suites that drive it
 * by hand: nothing is started (call `onModuleInit()` to load the history and start the flush
 * timer); `close` flushes, then closes the connection.
 */
export async function openVolatilityService(
  options: VolatilityModuleOptions,
): Promise<{ service: VolatilityService; close(): Promise<void> }> {
  const moduleRef = await Test.createTestingModule({
    imports: [VolatilityModule.forRoot(options)],
  }).compile();
  return { service: moduleRef.get(VolatilityService), close: () => moduleRef.close() };
}
