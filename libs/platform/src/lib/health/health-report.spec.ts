import { HealthCheckError, type HealthIndicatorFunction } from '@nestjs/terminus';
import { answerHealth, healthReport, terminusReport } from './health-report';

const up =
  (key: string): HealthIndicatorFunction =>
  async () => ({ [key]: { status: 'up' } });
const down =
  (key: string): HealthIndicatorFunction =>
  async () => ({
    [key]: { status: 'down', message: 'gone' },
  });

describe('healthReport', () => {
  it('is ok with everything up, in terminus’s shape', async () => {
    const report = await healthReport({ required: [up('database')], optional: [up('redis')] });
    expect(report).toEqual({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
      error: {},
      details: { database: { status: 'up' }, redis: { status: 'up' } },
      degraded: [],
    });
    expect(terminusReport(report)).not.toHaveProperty('degraded');
  });

  it('stays ok, degraded, when an optional dependency is down', async () => {
    const report = await healthReport({ required: [up('database')], optional: [down('redis')] });
    expect(report.status).toBe('ok');
    expect(report.degraded).toEqual(['redis']);
    expect(report.error).toEqual({ redis: { status: 'down', message: 'gone' } });
    expect(answerHealth(report)).toBe(report);
  });

  it('is an error, answered 503, when a required dependency is down', async () => {
    const report = await healthReport({ required: [down('database')], optional: [up('redis')] });
    expect(report.status).toBe('error');
    expect(report.degraded).toEqual([]);
    expect(() => answerHealth(report)).toThrow(
      expect.objectContaining({ status: 503, response: report }),
    );
  });

  it('reads an indicator that throws terminus’s HealthCheckError as its causes', async () => {
    const throwing: HealthIndicatorFunction = async () => {
      throw new HealthCheckError('failed', { database: { status: 'down', message: 'refused' } });
    };
    const report = await healthReport({ required: [throwing], optional: [] });
    expect(report.error).toEqual({ database: { status: 'down', message: 'refused' } });
    expect(report.status).toBe('error');
  });
});
