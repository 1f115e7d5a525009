import { ConfigModule } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configModuleOptions, createHttpApp, type Environment } from '@strata/platform';
import { API_CONFIG } from './api-config';
import { ApiModule, type ApiModuleOptions } from './app.module';
import { refuseWritesWhenOverloaded } from './overload/refuse-writes-when-overloaded';

export interface ApiAppOptions extends Omit<ApiModuleOptions, 'config'> {
  /** The environment to configure the app from; unset: `process.env`. */
  env?: Environment;
}

/**
 * The api application, configured but not listening: main.ts listens, tests inject. The
 * configuration is validated before Nest starts, so a bad one fails with ConfigurationError.
 */
export async function createApiApp(options: ApiAppOptions = {}): Promise<NestFastifyApplication> {
  const config = await ConfigModule.forRoot(configModuleOptions(API_CONFIG, options.env));
  const app = await createHttpApp(ApiModule.forRoot({ ...options, config }), {
    metrics: true,
    docs: {
      title: 'Strata',
      description:
        'Hierarchical contexts (global → project → branch → task) served through a three-tier cache.',
      version: '1',
    },
  });
  refuseWritesWhenOverloaded(app);
  return app;
}
