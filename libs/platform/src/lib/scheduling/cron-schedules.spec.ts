import { cronSchedulesFromEnv } from './cron-schedules';

const parse = cronSchedulesFromEnv([
  { job: 'sweep', variable: 'STRATA_CRON_SWEEP', defaultCron: '* * * * *' },
  { job: 'prune', variable: 'STRATA_CRON_PRUNE', defaultCron: '30 * * * *' },
]);

describe('cronSchedulesFromEnv', () => {
  it('takes each job’s expression from its variable, or its default', () => {
    expect(parse({ STRATA_CRON_SWEEP: '*/5 * * * *' })).toEqual({
      config: { sweep: '*/5 * * * *', prune: '30 * * * *' },
      problems: [],
    });
  });

  it('accepts six fields, with seconds', () => {
    expect(parse({ STRATA_CRON_SWEEP: '*/10 * * * * *' }).problems).toEqual([]);
  });

  it.each(['every minute', '61 * * * *', '* * *', ''])(
    'refuses "%s", naming the variable',
    (cron) => {
      expect(parse({ STRATA_CRON_PRUNE: cron }).problems).toEqual([
        expect.stringMatching(
          new RegExp(`^STRATA_CRON_PRUNE "${cron.replace(/\*/g, '\\*')}" is not a cron expression`),
        ),
      ]);
    },
  );
});
