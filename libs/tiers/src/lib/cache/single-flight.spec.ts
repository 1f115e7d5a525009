import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('shares the work under way for a key while callers may join, and forgets it once landed', async () => {
    const flights = new SingleFlight<string>();
    const landed = jest.fn();
    let finish: (value: string) => void = () => undefined;
    const first = flights.start('k', 1, () => new Promise((resolve) => (finish = resolve)), landed);

    expect(flights.join('k', () => true)).toBe(first);
    expect(flights.join('k', () => false)).toBeUndefined();
    expect(flights.join('other', () => true)).toBeUndefined();

    finish('done');
    await expect(first).resolves.toBe('done');
    await Promise.resolve();
    expect(landed).toHaveBeenCalledTimes(1);
    expect(flights.join('k', () => true)).toBeUndefined();
  });

  it('lets a newer flight replace one callers may no longer join, without the old one removing it', async () => {
    const flights = new SingleFlight<string>();
    let finishOld: (value: string) => void = () => undefined;
    const old = flights.start(
      'k',
      1,
      () => new Promise((resolve) => (finishOld = resolve)),
      () => undefined,
    );
    const newer = flights.start(
      'k',
      2,
      () => new Promise(() => undefined),
      () => undefined,
    );

    finishOld('old');
    await old;
    await Promise.resolve();
    expect(flights.join('k', (startedAt) => startedAt === 2)).toBe(newer);
  });

  it('forgets a failed flight, and hands the failure to those who joined it', async () => {
    const flights = new SingleFlight<string>();
    const failed = flights.start(
      'k',
      1,
      () => Promise.reject(new Error('boom')),
      () => undefined,
    );
    const joined = flights.join('k', () => true);

    await expect(joined).rejects.toThrow('boom');
    await expect(failed).rejects.toThrow('boom');
    expect(flights.join('k', () => true)).toBeUndefined();
  });
});
