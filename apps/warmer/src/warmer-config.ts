import { ConfigurationError, loadServerConfig, type ServerConfig } from '@strata/platform';

export const WARMER_CONFIG = Symbol('WARMER_CONFIG');

export interface WarmerConfig extends ServerConfig {
  /** How long login and checkout events are kept (`STRATA_EVENT_RETENTION_HOURS`, default a week). */
  eventRetentionHours: number;
}

export function loadWarmerConfig(env: Record<string, string | undefined>): WarmerConfig {
  const retentionText = env['STRATA_EVENT_RETENTION_HOURS'] ?? '168';
  const retention = Number(retentionText);
  const problems: string[] = [];
  if (!/^\d+$/.test(retentionText) || retention < 1) {
    problems.push(
      `STRATA_EVENT_RETENTION_HOURS "${retentionText}" must be a whole number of hours, at least 1`,
    );
  }
  let server: ServerConfig | undefined;
  try {
    server = loadServerConfig(env, {
      portVariable: 'WARMER_PORT',
      defaultPort: 3001,
      requireKeysBeyondLoopback: false,
    });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) {
      throw error;
    }
    problems.unshift(...error.problems);
  }
  if (problems.length > 0 || !server) {
    throw new ConfigurationError(problems);
  }
  return { ...server, eventRetentionHours: retention };
}
