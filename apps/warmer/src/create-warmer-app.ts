import { ConfigModule } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configModuleOptions, createHttpApp, type Environment } from '@strata/platform';
import { WARMER_CONFIG } from './warmer-config';
import { WarmerModule, type WarmerModuleOptions } from './warmer.module';

export interface WarmerAppOptions extends Omit<WarmerModuleOptions, 'config'> {
  /** The environment to configure the warmer from; unset: `process.env`. */
  env?: Environment;
}

/**
 * The warmer application, configured but not listening. The configuration is validated before
 * Nest starts, so a bad one fails with ConfigurationError.
 */
export async function createWarmerApp(
  options: WarmerAppOptions = {},
): Promise<NestFastifyApplication> {
  const config = await ConfigModule.forRoot(configModuleOptions(WARMER_CONFIG, options.env));
  return createHttpApp(WarmerModule.forRoot({ ...options, config }), { metrics: true });
}
