import { WriteTimeoutError, withinWriteBound } from './write-bound';

describe('withinWriteBound', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('aborts the write’s signal with WriteTimeoutError once the bound passes', async () => {
    let seen: AbortSignal | undefined;
    const result = withinWriteBound(
      (signal) =>
        new Promise((_, reject) => {
          seen = signal;
          // As EntityStore does at its next check: an aborted write rolls back and rejects.
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
      100,
    );
    const settled = expect(result).rejects.toBeInstanceOf(WriteTimeoutError);
    jest.advanceTimersByTime(99);
    expect(seen?.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(seen?.aborted).toBe(true);
    await settled;
    await expect(result).rejects.toThrow('it was not applied: try again');
  });

  it('answers a write that committed after the bound with its outcome, not a timeout', async () => {
    let commit: (value: string) => void = () => undefined;
    const result = withinWriteBound(
      () => new Promise<string>((resolve) => (commit = resolve)),
      100,
    );
    jest.advanceTimersByTime(500);
    commit('written');
    await expect(result).resolves.toBe('written');
  });

  it('leaves no timer behind a write that finished in time', async () => {
    await expect(withinWriteBound(async () => 'written', 100)).resolves.toBe('written');
    expect(jest.getTimerCount()).toBe(0);
  });
});
