import pino, { type Logger } from 'pino';
import type { Options } from 'pino-http';
import type { LogLevel } from './logging-config';
import type { Redactor } from './secret-redactor';

export interface PinoSettings {
  level: LogLevel;
  redact: Redactor;
  /** Where lines go (tests); stdout by default. */
  destination?: pino.DestinationStream;
}

/**
 * One JSON object a line, on stdout, written synchronously by pino itself (no transport, so no
 * worker thread and nothing the bundle must carry). Every string a line holds passes `redact`.
 */
export function createPinoLogger(settings: PinoSettings): Logger {
  const { redact } = settings;
  return pino(
    {
      level: settings.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: {
        err: (error: Error) => {
          const serialized = pino.stdSerializers.err(error);
          return {
            ...serialized,
            message: redact(serialized.message),
            stack: redact(serialized.stack),
          };
        },
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? redact(arg) : arg)) as Parameters<
              typeof method
            >,
          );
        },
      },
    },
    settings.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * pino-http over that logger: every line logged while serving a request carries it under `req`,
 * with the id Fastify gave it (see createHttpApp). Requests are described by method, URL and id
 * only: headers (API keys among them) are never logged. A completed request is a debug line, or
 * info for a 4xx and error for a 5xx.
 */
export function pinoHttpOptions(logger: Logger, redact: Redactor): Options {
  return {
    logger,
    serializers: {
      req: (request: { id: unknown; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        url: redact(request.url),
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'info' : 'debug',
  };
}
