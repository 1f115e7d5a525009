import 'reflect-metadata';
import { ConfigurationError, createHttpApp, listen } from '@strata/platform';
import { loadWarmerConfig } from './warmer-config';
import { WarmerModule } from './warmer.module';

async function main(): Promise<void> {
  const config = loadWarmerConfig(process.env);
  const app = await createHttpApp(WarmerModule.forRoot(config));
  await listen(app, config, 'warmer', false);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
