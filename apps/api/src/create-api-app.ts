import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@strata/platform';
import { ApiModule, type ApiModuleOptions } from './app.module';

/** The api application, configured but not listening: main.ts listens, tests inject. */
export function createApiApp(
  options: ApiModuleOptions & { logger?: false },
): Promise<NestFastifyApplication> {
  return createHttpApp(ApiModule.forRoot(options), {
    metrics: true,
    logger: options.logger,
    docs: {
      title: 'Strata',
      description:
        'Hierarchical contexts (global → project → branch → task) served through a three-tier cache.',
      version: '1',
    },
  });
}
