import { Logger, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { HttpErrorFilter } from '../errors/http-error.filter';
import { MetricsService } from '../metrics/metrics.service';
import { createValidationPipe } from '../validation/validation-pipe';
import { isLoopbackHost, type ServerConfig } from '../config/server-config';

/** DESIGN §8: larger bodies get 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Fastify answers 414 for a path parameter over 100 characters by default, which would make
 * ids of 101 to 128 characters (valid ones) unreachable; longer ids get a 400 from the id pipe.
 */
export const MAX_PARAM_LENGTH = 1024;

export interface HttpAppOptions {
  /** Record request durations by route (the module must provide MetricsService). */
  metrics?: boolean;
  /** Serve the OpenAPI document at /docs-json and its UI at /docs. */
  docs?: { title: string; description: string; version: string };
  logger?: false;
}

/**
 * A Nest application on Fastify (chosen by measurement: see BENCHMARKS.md) with the behaviour
 * both apps share: JSON errors for everything (Nest hands Fastify's own parse and size errors
 * to the same filter), strict validation, and graceful shutdown on SIGTERM/SIGINT.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    }),
    options.logger === false ? { logger: false } : {},
  );
  if (options.metrics) {
    const metrics = app.get(MetricsService);
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onResponse', (request, reply, done) => {
      metrics.observeRequest(
        request.method,
        request.routeOptions.url ?? 'unmatched',
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
      done();
    });
  }
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (options.docs) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(options.docs.title)
        .setDescription(options.docs.description)
        .setVersion(options.docs.version)
        .addApiKey({ type: 'apiKey', name: 'x-api-key', in: 'header' }, 'x-api-key')
        .addSecurityRequirements('x-api-key')
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}

/**
 * Listens where the configuration says and tells the operator what that means; `guarded` apps
 * (the api) say when they run without keys.
 */
export async function listen(
  app: NestFastifyApplication,
  config: ServerConfig,
  name: string,
  guarded: boolean,
): Promise<void> {
  await app.listen(config.port, config.host);
  const logger = new Logger(name);
  logger.log(`listening on http://${config.host}:${config.port}`);
  if (guarded && config.apiKeys.size === 0 && isLoopbackHost(config.host)) {
    logger.warn('no STRATA_API_KEYS configured: serving without authentication on loopback only');
  }
}
