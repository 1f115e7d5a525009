import { Module, RequestMethod, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LogLevel } from './logging-config';
import { FrameworkQuietLogger } from './framework-quiet-logger';
import { createPinoLogger, pinoHttpOptions } from './pino-options';
import { secretRedactor } from './secret-redactor';

export interface LoggingOptions {
  level: LogLevel;
  /** Strings no log line may contain: API keys, passwords of the configured URLs. */
  secrets: readonly string[];
}

export interface LoggingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inject?: any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => LoggingOptions | Promise<LoggingOptions>;
}

/**
 * Structured logs through nestjs-pino: JSON lines with a request id, at `level`, with the given
 * secrets hidden. createHttpApp makes FrameworkQuietLogger the application's logger.
 */
@Module({})
export class LoggingModule {
  static forRootAsync(options: LoggingModuleAsyncOptions): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      imports: [
        LoggerModule.forRootAsync({
          imports: options.imports,
          inject: options.inject,
          useFactory: async (...args: unknown[]) => {
            const { level, secrets } = await options.useFactory(...args);
            const redact = secretRedactor(secrets);
            return {
              pinoHttp: pinoHttpOptions(createPinoLogger({ level, redact }), redact),
              forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
            };
          },
        }),
      ],
      providers: [FrameworkQuietLogger],
      exports: [FrameworkQuietLogger],
    };
  }
}
