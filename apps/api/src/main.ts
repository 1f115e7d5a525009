import 'reflect-metadata';
import { ConfigurationError, listen, loadServerConfig } from '@strata/platform';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadServerConfig(process.env, {
    portVariable: 'PORT',
    defaultPort: 3000,
    requireKeysBeyondLoopback: true,
  });
  const app = await createApiApp({ config });
  await listen(app, config, 'api', true);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
