import { CONTEXT_CACHE_CONFIG } from '@strata/context-cache';
import {
  cronSchedulesFromEnv,
  fromConfig,
  loggingConfigFromEnv,
  serverConfigFromEnv,
  type ConfigOf,
  type ConfigParser,
  type ConfigSections,
  type SectionReader,
} from '@strata/platform';
import { warmingConfigFromEnv } from '@strata/warming';
import { WARMER_SCHEDULES } from './jobs/warmer-schedules';

export interface EventRetentionConfig {
  /** How long login and checkout events are kept (`STRATA_EVENT_RETENTION_HOURS`, default a week). */
  hours: number;
}

export const eventRetentionConfigFromEnv: ConfigParser<EventRetentionConfig> = (env) => {
  const text = env['STRATA_EVENT_RETENTION_HOURS'] ?? '168';
  const hours = Number(text);
  const valid = /^\d+$/.test(text) && hours >= 1;
  return {
    config: { hours: valid ? hours : 168 },
    problems: valid
      ? []
      : [`STRATA_EVENT_RETENTION_HOURS "${text}" must be a whole number of hours, at least 1`],
  };
};

/**
 * The warmer's configuration: one section per library, each its pure parser, all validated in
 * one pass at start (a library's variables join with one line here).
 */
export const WARMER_CONFIG = {
  server: serverConfigFromEnv({
    portVariable: 'WARMER_PORT',
    healthPortVariable: 'WARMER_HEALTH_PORT',
    defaultPort: 3001,
    // The warmer serves only /health and /metrics.
    requireKeysBeyondLoopback: false,
  }),
  logging: loggingConfigFromEnv,
  ...CONTEXT_CACHE_CONFIG,
  eventRetention: eventRetentionConfigFromEnv,
  warming: warmingConfigFromEnv,
  schedules: cronSchedulesFromEnv(WARMER_SCHEDULES),
} satisfies ConfigSections;

export type WarmerConfig = ConfigOf<typeof WARMER_CONFIG>;

/** A library's `forRootAsync` options from the warmer's validated configuration. */
export const fromWarmerConfig = <T>(pick: (section: SectionReader<WarmerConfig>) => T) =>
  fromConfig<WarmerConfig, T>(pick);
