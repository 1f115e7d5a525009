import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { listen, runMain } from '@strata/platform';
import { createWarmerApp } from './create-warmer-app';
import type { WarmerConfig } from './warmer-config';

runMain('warmer', async () => {
  const app = await createWarmerApp();
  const config = app.get(ConfigService<WarmerConfig, true>);
  await listen(app, config.get('server', { infer: true }), 'warmer', false);
});
