import type { ConfigParser } from '../config/config-sections';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggingConfig {
  /** `LOG_LEVEL` (default info): debug adds a line per request, silent none at all. */
  level: LogLevel;
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** The logging section of an application's configuration. */
export const loggingConfigFromEnv: ConfigParser<LoggingConfig> = (env) => {
  const text = env['LOG_LEVEL'] ?? 'info';
  const level = text.toLowerCase();
  if (!isLogLevel(level)) {
    return {
      config: { level: 'info' },
      problems: [`LOG_LEVEL "${text}" must be one of ${LOG_LEVELS.join(', ')}`],
    };
  }
  return { config: { level }, problems: [] };
};
