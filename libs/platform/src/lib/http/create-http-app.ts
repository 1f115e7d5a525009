import type { IncomingMessage } from 'node:http';
import { ConsoleLogger, Logger, Module, type DynamicModule, type Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpErrorFilter } from '../errors/http-error.filter';
import { FrameworkQuietLogger } from '../logging/framework-quiet-logger';
import { requestIdOf } from '../logging/request-id';
import { MetricsService } from '../metrics/metrics.service';
import { createValidationPipe } from '../validation/validation-pipe';
import { isLoopbackHost, type ServerConfig } from '../config/server-config';
import { ConnectionErrors } from './connection-errors';
import { answerConnect, answerFrameworkError } from './framework-errors';
import { HttpDrain } from './http-drain';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http-limits';
import { applyTimeouts, timeLimitedServer } from './http-server-factory';
import { acceptOnlyJsonBodies } from './json-body-parser';
import { listenForProbes, listeningPort } from './probe-listener';
import { allowedMethods } from './method-not-allowed';
import { setUpOpenApi, type OpenApiInfo } from './open-api';

/** DESIGN §8: larger bodies get 413. */
export const BODY_LIMIT_BYTES = DEFAULT_HTTP_LIMITS.bodyLimitBytes;

/**
 * Fastify answers 414 for a path parameter over 100 characters by default, which would make
 * ids of 101 to 128 characters (valid ones) unreachable; longer ids get a 400 from the id pipe.
 */
export const MAX_PARAM_LENGTH = 1024;

export interface HttpAppOptions {
  /** Record request durations by route (the module must import MetricsModule). */
  metrics?: boolean;
  /** Serve the OpenAPI document at /docs-json and its UI at /docs. */
  docs?: OpenApiInfo;
  /**
   * Body depth, header and body timeouts; unset: the `http` of the application's validated
   * `server` section (serverConfigFromEnv), or DEFAULT_HTTP_LIMITS without one.
   */
  limits?: HttpLimits;
}

@Module({ providers: [HttpDrain] })
class HttpAppModule {}

/**
 * A Nest application on Fastify (chosen by measurement: see BENCHMARKS.md) with the behaviour
 * both apps share: JSON log lines through the module's LoggingModule, JSON errors for everything
 * (Nest hands Fastify's own parse and size errors to the same filter), strict validation, and
 * graceful shutdown on SIGTERM/SIGINT (requests drained first, see HttpDrain).
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const connectionErrors = new ConnectionErrors();
  const app = await NestFactory.create<NestFastifyApplication>(
    { module: HttpAppModule, imports: [module] },
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
      // Fastify names each request (pino-http then logs under that id): the caller's
      // x-request-id when it is sane, else a new one. requestIdHeader would take any header.
      requestIdHeader: false,
      genReqId: (request: Pick<IncomingMessage, 'headers'>) =>
        requestIdOf(request.headers['x-request-id']),
      serverFactory: timeLimitedServer,
      frameworkErrors: answerFrameworkError,
      clientErrorHandler: connectionErrors.answer,
    }),
    // Until the application's own logger takes over (and if it never does, because start-up
    // failed), Nest's messages are JSON lines too. Nest's body parsers would read form bodies,
    // and JSON without the checks of acceptOnlyJsonBodies.
    { bufferLogs: true, logger: new ConsoleLogger({ json: true }), bodyParser: false },
  );
  app.useLogger(app.get(FrameworkQuietLogger));
  const fastify = app.getHttpAdapter().getInstance();
  const limits = options.limits ?? configuredLimits(app);
  applyTimeouts(fastify.server, limits);
  acceptOnlyJsonBodies(fastify, limits);
  connectionErrors.guard(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  if (options.metrics) {
    const metrics = app.get(MetricsService);
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
  const allowed = (url: string) => allowedMethods(fastify, url);
  app.useGlobalFilters(new HttpErrorFilter(allowed));
  fastify.server.on('connect', answerConnect(allowed));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (options.docs) {
    setUpOpenApi(app, options.docs);
  }
  return app;
}

/** The `http` limits of the application's validated `server` section, if it has one. */
function configuredLimits(app: NestFastifyApplication): HttpLimits {
  const server = app.get(ConfigService, { strict: false }).get<{ http?: HttpLimits }>('server');
  return server?.http ?? DEFAULT_HTTP_LIMITS;
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
  logger.log(`listening on http://${config.host}:${listeningPort(app.getHttpServer())}`);
  if (config.healthPort !== undefined) {
    const probes = await listenForProbes(app, config.host, config.healthPort, config.http);
    logger.log(`health checks and metrics also on http://${config.host}:${listeningPort(probes)}`);
  }
  if (guarded && config.apiKeys.size === 0 && isLoopbackHost(config.host)) {
    logger.warn('no STRATA_API_KEYS configured: serving without authentication on loopback only');
  }
}
