import { FakeClock } from '../core/clock';
import { CallTimeoutError, CircuitBreaker, CircuitOpenError } from './circuit-breaker';

describe('CircuitBreaker', () => {
  const options = { failureThreshold: 3, coolDownMs: 10_000, callTimeoutMs: 100 };
  const fail = () => Promise.reject(new Error('down'));
  const succeed = () => Promise.resolve('ok');

  function setUp() {
    const clock = new FakeClock();
    return { clock, breaker: new CircuitBreaker('warm', options, clock) };
  }

  async function failTimes(breaker: CircuitBreaker, times: number) {
    for (let attempt = 0; attempt < times; attempt++) {
      await expect(breaker.execute(fail)).rejects.toThrow('down');
    }
  }

  it('passes results through while closed', async () => {
    const { breaker } = setUp();
    await expect(breaker.execute(succeed)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('opens after the threshold of consecutive failures and then refuses without calling', async () => {
    const { breaker } = setUp();
    await failTimes(breaker, 3);
    expect(breaker.state).toBe('open');

    const call = jest.fn(succeed);
    await expect(breaker.execute(call)).rejects.toThrow(CircuitOpenError);
    expect(call).not.toHaveBeenCalled();
  });

  it('only counts consecutive failures: a success in between resets the count', async () => {
    const { breaker } = setUp();
    await failTimes(breaker, 2);
    await breaker.execute(succeed);
    await failTimes(breaker, 2);
    expect(breaker.state).toBe('closed');
  });

  it('counts a synchronous throw as a failure', async () => {
    const { breaker } = setUp();
    const throwing = (): Promise<never> => {
      throw new Error('sync');
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(breaker.execute(throwing)).rejects.toThrow('sync');
    }
    expect(breaker.state).toBe('open');
  });

  it('goes half-open after the cool-down on its clock; a successful trial closes it', async () => {
    const { breaker, clock } = setUp();
    await failTimes(breaker, 3);
    clock.advance(9_999);
    expect(breaker.state).toBe('open');
    clock.advance(1);
    expect(breaker.state).toBe('half-open');

    await expect(breaker.execute(succeed)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('lets a single trial through while half-open, and a failed trial reopens it', async () => {
    const { breaker, clock } = setUp();
    await failTimes(breaker, 3);
    clock.advance(10_000);

    let failTrial: (error: Error) => void = () => undefined;
    const trial = breaker.execute(
      () => new Promise((_, reject) => (failTrial = reject as (error: Error) => void)),
    );
    await expect(breaker.execute(succeed)).rejects.toThrow(CircuitOpenError);

    failTrial(new Error('still down'));
    await expect(trial).rejects.toThrow('still down');
    expect(breaker.state).toBe('open');
  });

  describe('call timeout', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('fails a call that does not settle within the timeout, and counts it', async () => {
      const { breaker } = setUp();
      const hanging = () => new Promise<never>(() => undefined);

      for (let attempt = 0; attempt < 3; attempt++) {
        const call = breaker.execute(hanging);
        const assertion = expect(call).rejects.toThrow(CallTimeoutError);
        await jest.advanceTimersByTimeAsync(100);
        await assertion;
      }
      expect(breaker.state).toBe('open');
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});
