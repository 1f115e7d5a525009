import type { LoadLock } from '../core/load-lock';
import { ClusterSingleFlight } from './cluster-single-flight';

/**
 * A lock answering from a script, call by call: a lease taken where other processes take theirs
 * (`lease`), one no other process can contend (`alone`), taken by another (undefined), or down
 * (rejects).
 */
function scriptedLock(answers: Array<'lease' | 'alone' | 'taken' | 'down'>) {
  const calls = { acquired: 0, released: 0 };
  const lock: LoadLock = {
    kind: 'scripted',
    tryAcquire: async () => {
      const answer = answers[Math.min(calls.acquired++, answers.length - 1)];
      if (answer === 'down') throw new Error('lock service down');
      if (answer === 'taken') return undefined;
      return {
        othersMayHaveLoaded: answer === 'lease',
        release: async () => void (calls.released += 1),
      };
    },
    close: async () => undefined,
  };
  return { lock, calls };
}

const counts = () => ({ waited: 0, tookShared: 0, lockUnavailable: 0 });

describe('ClusterSingleFlight', () => {
  it('loads under the lock when it is free and no other process can contend it, and releases it', async () => {
    const { lock, calls } = scriptedLock(['alone']);
    const flight = new ClusterSingleFlight({ lock, leaseMs: 100, waitMs: 10, pollMs: 1 }, counts());
    await expect(
      flight.run(
        'k',
        async () => 'loaded',
        async () => 'shared',
      ),
    ).resolves.toEqual({
      loaded: 'loaded',
    });
    expect(calls).toEqual({ acquired: 1, released: 1 });
  });

  it('looks in the shared tier once more on a free shared lock: another process may have loaded and let go since the lookup', async () => {
    const { lock, calls } = scriptedLock(['lease']);
    const load = jest.fn(async () => 'loaded');
    const flight = new ClusterSingleFlight({ lock, leaseMs: 100, waitMs: 10, pollMs: 1 }, counts());
    await expect(flight.run('k', load, async () => 'shared')).resolves.toEqual({
      shared: 'shared',
    });
    expect(load).not.toHaveBeenCalled();
    expect(calls).toEqual({ acquired: 1, released: 1 });
    // Nothing there: it loads.
    await expect(flight.run('k', load, async () => undefined)).resolves.toEqual({
      loaded: 'loaded',
    });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("takes the holder's value from the shared tier while the holder has the key", async () => {
    const { lock } = scriptedLock(['taken']);
    const seen = counts();
    const flight = new ClusterSingleFlight({ lock, leaseMs: 100, waitMs: 50, pollMs: 1 }, seen);
    let looks = 0;
    const load = jest.fn(async () => 'loaded');
    const result = await flight.run('k', load, async () => (++looks >= 3 ? 'shared' : undefined));
    expect(result).toEqual({ shared: 'shared' });
    expect(load).not.toHaveBeenCalled();
    expect(seen).toEqual({ waited: 1, tookShared: 1, lockUnavailable: 0 });
  });

  it('looks once more after taking a lock it waited for: the holder may have just finished', async () => {
    const { lock, calls } = scriptedLock(['taken', 'lease']);
    const flight = new ClusterSingleFlight({ lock, leaseMs: 100, waitMs: 50, pollMs: 1 }, counts());
    let looks = 0;
    const load = jest.fn(async () => 'loaded');
    // Missing at the first look; there once the holder released the key.
    const result = await flight.run('k', load, async () => (++looks >= 2 ? 'shared' : undefined));
    expect(result).toEqual({ shared: 'shared' });
    expect(load).not.toHaveBeenCalled();
    expect(calls.released).toBe(1);
  });

  it('loads itself once the wait bound has passed, counting polls rather than clock time', async () => {
    const { lock, calls } = scriptedLock(['taken']);
    const flight = new ClusterSingleFlight({ lock, leaseMs: 100, waitMs: 5, pollMs: 1 }, counts());
    const load = jest.fn(async () => 'loaded');
    await expect(flight.run('k', load, async () => undefined)).resolves.toEqual({
      loaded: 'loaded',
    });
    expect(load).toHaveBeenCalledTimes(1);
    expect(calls.acquired).toBe(6);
  });

  it('loads here, without an error, when the lock service is down', async () => {
    const { lock } = scriptedLock(['down']);
    const seen = counts();
    const flight = new ClusterSingleFlight({ lock, leaseMs: 100, waitMs: 50, pollMs: 1 }, seen);
    await expect(
      flight.run(
        'k',
        async () => 'loaded',
        async () => undefined,
      ),
    ).resolves.toEqual({
      loaded: 'loaded',
    });
    expect(seen.lockUnavailable).toBe(1);
  });
});
