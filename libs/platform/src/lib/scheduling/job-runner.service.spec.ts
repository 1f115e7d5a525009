import { Logger } from '@nestjs/common';
import { JobRunner } from './job-runner.service';

function deferred() {
  let resolve!: (value: string) => void;
  const promise = new Promise<string>((settle) => (resolve = settle));
  return { promise, resolve };
}

describe('JobRunner', () => {
  let warnings: jest.SpyInstance;

  beforeEach(() => {
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('skips a tick while the previous run of the job is still going, and says so', async () => {
    const runner = new JobRunner();
    const slow = deferred();
    const work = jest.fn(() => slow.promise);

    const first = runner.run('sweep', work);
    await expect(runner.run('sweep', work)).resolves.toBe(false);
    expect(work).toHaveBeenCalledTimes(1);
    expect(warnings).toHaveBeenCalledWith(
      'sweep: the previous run is still going; skipping this one',
    );

    slow.resolve('done');
    await expect(first).resolves.toBe(true);
    expect(runner.lastCompletedJob).toMatchObject({ job: 'sweep' });
    // Once it finished, the next tick runs.
    await expect(runner.run('sweep', async () => 'again')).resolves.toBe(true);
  });

  it('runs different jobs side by side', async () => {
    const runner = new JobRunner();
    const slow = deferred();
    const first = runner.run('sweep', () => slow.promise);
    await expect(runner.run('prune', async () => 'pruned')).resolves.toBe(true);
    slow.resolve('swept');
    await first;
    expect(warnings).not.toHaveBeenCalled();
  });

  it('records a failure without throwing, and lets the next run go', async () => {
    const runner = new JobRunner();
    await expect(
      runner.run('sweep', async () => {
        throw new Error('database away');
      }),
    ).resolves.toBe(true);
    expect(runner.lastFailedJob).toMatchObject({ job: 'sweep', error: 'database away' });
    expect(runner.lastCompletedJob).toBeNull();
    await expect(runner.run('sweep', async () => 'ok')).resolves.toBe(true);
  });
});
