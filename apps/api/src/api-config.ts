import { CONTEXT_CACHE_CONFIG } from '@strata/context-cache';
import { observabilityConfigFromEnv } from '@strata/observability';
import {
  fromConfig,
  loggingConfigFromEnv,
  serverConfigFromEnv,
  type ConfigOf,
  type ConfigSections,
  type SectionReader,
} from '@strata/platform';
import { warmingConfigFromEnv } from '@strata/warming';

/**
 * The api's configuration: one section per library, each its pure parser, all validated in one
 * pass at start (a library's variables join with one line here).
 */
export const API_CONFIG = {
  server: serverConfigFromEnv({
    portVariable: 'PORT',
    healthPortVariable: 'STRATA_HEALTH_PORT',
    defaultPort: 3000,
    requireKeysBeyondLoopback: true,
  }),
  logging: loggingConfigFromEnv,
  ...CONTEXT_CACHE_CONFIG,
  observability: observabilityConfigFromEnv,
  warming: warmingConfigFromEnv,
} satisfies ConfigSections;

export type ApiConfig = ConfigOf<typeof API_CONFIG>;

/** A library's `forRootAsync` options from the api's validated configuration. */
export const fromApiConfig = <T>(pick: (section: SectionReader<ApiConfig>) => T) =>
  fromConfig<ApiConfig, T>(pick);
