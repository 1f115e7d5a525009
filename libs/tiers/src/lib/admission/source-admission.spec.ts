import { SourceAdmission } from './source-admission';
import {
  sourceAdmissionConfigFromEnv,
  DEFAULT_SOURCE_ADMISSION_OPTIONS,
} from './source-admission-options';
import { SourceUnavailableError } from './source-unavailable-error';

/** A piece of work that settles when the test says. */
function deferred<T = string>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

const never = () => new Promise<string>(() => undefined);
const lagOf = (lagMs: number) => ({ lagMs: () => lagMs, stop: () => undefined });

describe('SourceAdmission', () => {
  it('runs at most maxConcurrent at once, the rest in arrival order', async () => {
    const gate = new SourceAdmission({ maxConcurrent: 2, maxQueued: 10 });
    const started: number[] = [];
    const works = [0, 1, 2, 3].map(() => deferred());
    const results = works.map((work, index) =>
      gate.run(() => {
        started.push(index);
        return work.promise;
      }),
    );
    await new Promise(setImmediate);
    expect(started).toEqual([0, 1]);
    expect(gate.stats()).toMatchObject({ running: 2, queued: 2 });
    works[1].resolve('b');
    await results[1];
    await new Promise(setImmediate);
    expect(started).toEqual([0, 1, 2]);
    works[0].resolve('a');
    works[2].resolve('c');
    await Promise.all([results[0], results[2]]);
    await new Promise(setImmediate);
    expect(started).toEqual([0, 1, 2, 3]);
    works[3].resolve('d');
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect(gate.stats()).toMatchObject({ running: 0, queued: 0, admitted: 4 });
  });

  it('refuses new work at once, without running it, when the queue is full', async () => {
    const gate = new SourceAdmission({ maxConcurrent: 1, maxQueued: 1, retryAfterSeconds: 3 });
    void gate.run(never).catch(() => undefined);
    void gate.run(never).catch(() => undefined);
    const work = jest.fn(never);
    const refused = await gate.run(work).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SourceUnavailableError);
    expect(refused).toMatchObject({ reason: 'overloaded', retryAfterSeconds: 3 });
    expect(work).not.toHaveBeenCalled();
    expect(gate.stats().refusedOverloaded).toBe(1);
  });

  it('refuses new work while the event loop lags past the threshold, and admits it again after', async () => {
    let lag = 500;
    const gate = new SourceAdmission(
      { maxEventLoopLagMs: 200 },
      { lagMs: () => lag, stop: () => undefined },
    );
    await expect(gate.run(async () => 'x')).rejects.toMatchObject({ reason: 'overloaded' });
    lag = 10;
    await expect(gate.run(async () => 'x')).resolves.toBe('x');
  });

  it('goes on refusing until the lag is under half the threshold, so that cheap refusals do not switch it off', async () => {
    let lag = 50;
    const gate = new SourceAdmission(
      { maxEventLoopLagMs: 200 },
      { lagMs: () => lag, stop: () => undefined },
    );
    await expect(gate.run(async () => 'x')).resolves.toBe('x');
    lag = 150;
    await expect(gate.run(async () => 'x')).resolves.toBe('x');
    lag = 250;
    expect(gate.refusal()).toMatchObject({ reason: 'overloaded' });
    lag = 150;
    await expect(gate.run(async () => 'x')).rejects.toMatchObject({ reason: 'overloaded' });
    lag = 99;
    await expect(gate.run(async () => 'x')).resolves.toBe('x');
    lag = 150;
    await expect(gate.run(async () => 'x')).resolves.toBe('x');
  });

  it('never refuses for lag with the threshold at 0', async () => {
    const gate = new SourceAdmission({ maxEventLoopLagMs: 0 }, lagOf(60_000));
    await expect(gate.run(async () => 'x')).resolves.toBe('x');
  });

  it('fails work that outlasts the hard timeout and gives its turn to the next', async () => {
    // A fake clock: on real timers a busy machine could delay the hand-over past the next one's
    // own deadline (seen in CI).
    jest.useFakeTimers();
    try {
      const gate = new SourceAdmission({ maxConcurrent: 1, loaderHardTimeoutMs: 30 });
      const hung = gate.run(never).catch((error: unknown) => error);
      await jest.advanceTimersByTimeAsync(10);
      const next = gate.run(async () => 'next');
      await jest.advanceTimersByTimeAsync(20);
      expect(await hung).toMatchObject({ reason: 'loader-timeout', retryAfterSeconds: 1 });
      await expect(next).resolves.toBe('next');
      expect(gate.stats()).toMatchObject({ running: 0, queued: 0, timedOut: 1 });
    } finally {
      jest.useRealTimers();
    }
  });

  it('counts the wait for a turn against the hard timeout, and leaves the queue when it runs out', async () => {
    jest.useFakeTimers();
    try {
      const gate = new SourceAdmission({ maxConcurrent: 1, loaderHardTimeoutMs: 30 });
      void gate.run(never).catch(() => undefined);
      await jest.advanceTimersByTimeAsync(10);
      const work = jest.fn(async () => 'late');
      const waiting = gate.run(work).catch((error: unknown) => error);
      // The holder times out at 30 ms and passes its turn on with 10 ms left: the work starts.
      await jest.advanceTimersByTimeAsync(20);
      expect(work).toHaveBeenCalledTimes(1);
      await expect(waiting).resolves.toBe('late');

      const stuck = gate.run(never).catch((error: unknown) => error);
      const behind = [1, 2].map(() => gate.run(work).catch((error: unknown) => error));
      // Both behind wait as long as the holder lives: when it times out so have they.
      await jest.advanceTimersByTimeAsync(30);
      expect(work).toHaveBeenCalledTimes(1);
      for (const refused of [await stuck, ...(await Promise.all(behind))]) {
        expect(refused).toMatchObject({ reason: 'loader-timeout' });
      }
      expect(gate.stats()).toMatchObject({ running: 0, queued: 0 });
    } finally {
      jest.useRealTimers();
    }
  });

  it('passes a failure of the work through, and frees its turn', async () => {
    const gate = new SourceAdmission({ maxConcurrent: 1 });
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'after')).resolves.toBe('after');
  });
});

describe('sourceAdmissionConfigFromEnv', () => {
  it('defaults every setting', () => {
    expect(sourceAdmissionConfigFromEnv({})).toEqual({
      config: DEFAULT_SOURCE_ADMISSION_OPTIONS,
      problems: [],
    });
  });

  it('reads every variable and reports nonsense', () => {
    const { config, problems } = sourceAdmissionConfigFromEnv({
      STRATA_SOURCE_MAX_CONCURRENT: '8',
      STRATA_SOURCE_MAX_QUEUED: '16',
      STRATA_OVERLOAD_MAX_LAG_MS: '0',
      STRATA_OVERLOAD_RETRY_AFTER_SECONDS: '2',
      STRATA_LOADER_HARD_TIMEOUT_MS: 'soon',
    });
    expect(config).toEqual({
      ...DEFAULT_SOURCE_ADMISSION_OPTIONS,
      maxConcurrent: 8,
      maxQueued: 16,
      maxEventLoopLagMs: 0,
      retryAfterSeconds: 2,
    });
    expect(problems).toEqual([expect.stringContaining('STRATA_LOADER_HARD_TIMEOUT_MS "soon"')]);
  });
});
