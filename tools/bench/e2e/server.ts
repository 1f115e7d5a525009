// The real api, built by the product's own createApiApp from the environment exactly as main.ts
// reads it, plus one bare Fastify route on the same instance that answers a constant resolved
// task context: what the framework alone costs in this app, the ceiling for the cached route.
// Driven over IPC by the benchmark (serveUnderBenchmark).
import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import type { ServerConfig } from '@strata/platform';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serveUnderBenchmark } from './server-control';
import { BARE_ROUTE_PREFIX } from './server-paths';
// The benchmark measures the product's app itself, so it reaches into apps/api on purpose.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createApiApp } from '../../../apps/api/src/create-api-app';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { schema: { type: 'string' }, 'bare-body': { type: 'string' } },
  });
  const app = await createApiApp({ schema: values.schema });
  const config = app.get(ConfigService).getOrThrow<ServerConfig>('server');
  const bareBody = values['bare-body'] ? readFileSync(values['bare-body'], 'utf8') : undefined;
  if (bareBody !== undefined) {
    // Sent as text, as the cached route sends its stored JSON: no serialisation on either.
    app
      .getHttpAdapter()
      .getInstance()
      .get(`${BARE_ROUTE_PREFIX}/:level/:id`, (_request, reply) => {
        void reply.type('application/json; charset=utf-8').send(bareBody);
      });
  }
  await serveUnderBenchmark(app, config.port, config.host);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
