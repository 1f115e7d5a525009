import type { ConfigModuleOptions } from '@nestjs/config';
import { parseConfiguration, type ConfigSections, type Environment } from './config-sections';

/**
 * `ConfigModule.forRoot` options for an application: global, validated by the one pass over
 * every section, its ConfigService serving only the validated sections (`get('server')`…).
 * Reads `process.env` unless `env` is given: a test's own environment, and nothing else.
 */
export function configModuleOptions(
  sections: ConfigSections,
  env?: Environment,
): ConfigModuleOptions {
  return {
    isGlobal: true,
    ignoreEnvFile: true,
    skipProcessEnv: true,
    validatePredefined: env === undefined,
    validate: (collected) => parseConfiguration(sections, { ...collected, ...env }),
  };
}
