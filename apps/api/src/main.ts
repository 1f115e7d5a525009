import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { listen, runMain } from '@strata/platform';
import type { ApiConfig } from './api-config';
import { createApiApp } from './create-api-app';

runMain('api', async () => {
  const app = await createApiApp();
  const config = app.get(ConfigService<ApiConfig, true>);
  await listen(app, config.get('server', { infer: true }), 'api', true);
});
