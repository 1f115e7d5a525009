import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthIndicatorFunction, HealthIndicatorResult } from '@nestjs/terminus';

type IndicatorDetails = HealthIndicatorResult[string];

/**
 * Terminus's report (`status`, `info`, `error`, `details`) decided by the required dependencies
 * only: an optional one that is down is listed under `error` and in `degraded`, and the process
 * stays ready, so an outage of a shared optional service (Redis, the bus) does not take every
 * replica out of rotation at once.
 */
export interface HealthReport {
  status: 'ok' | 'error';
  info: Record<string, IndicatorDetails>;
  error: Record<string, IndicatorDetails>;
  details: Record<string, IndicatorDetails>;
  /** The optional dependencies that are down: ready, but degraded. */
  degraded: string[];
}

/** The checks a report is made of: the required ones decide readiness. */
export interface HealthChecks {
  required: HealthIndicatorFunction[];
  optional: HealthIndicatorFunction[];
}

export async function healthReport(checks: HealthChecks): Promise<HealthReport> {
  const [required, optional] = await Promise.all([
    Promise.all(checks.required.map(settle)),
    Promise.all(checks.optional.map(settle)),
  ]);
  const report: HealthReport = { status: 'ok', info: {}, error: {}, details: {}, degraded: [] };
  for (const [results, isRequired] of [
    [required, true],
    [optional, false],
  ] as const) {
    for (const result of results) {
      for (const [key, details] of Object.entries(result)) {
        report.details[key] = details;
        if (details.status === 'up') {
          report.info[key] = details;
          continue;
        }
        report.error[key] = details;
        if (isRequired) {
          report.status = 'error';
        } else {
          report.degraded.push(key);
        }
      }
    }
  }
  return report;
}

/** The report as terminus answers it on `/health`: without the `degraded` list. */
export function terminusReport({ degraded: _degraded, ...report }: HealthReport) {
  return report;
}

/** An indicator's result; one that threw (terminus' HealthCheckError) reports its causes as down. */
async function settle(check: HealthIndicatorFunction): Promise<HealthIndicatorResult> {
  try {
    return await check();
  } catch (error) {
    const causes = (error as { causes?: HealthIndicatorResult }).causes;
    if (causes && typeof causes === 'object') {
      return causes;
    }
    return { check: { status: 'down', message: (error as Error).message } };
  }
}

/** The report, or 503 with it when a required dependency is down (terminus' answer). */
export function answerHealth<T extends { status: string }>(report: T): T {
  if (report.status !== 'ok') {
    throw new ServiceUnavailableException(report);
  }
  return report;
}
