import { FakeClock } from '@strata/tiers';
import { DEFAULT_OBSERVABILITY_CONFIG } from '../config/observability-config';
import { AlertBook } from './alert-book';
import type { AlertObservation } from './alert-rules';

const hitRate = (value: number): AlertObservation => ({
  rule: 'hitRateLow',
  labels: {},
  value,
  threshold: 0.75,
  breached: value < 0.75,
  summary: `hit rate ${value}`,
});

const budget = (type: string, value: number): AlertObservation => ({
  rule: 'tierBudgetHigh',
  labels: { tier: 'hot', type },
  value,
  threshold: 0.9,
  breached: value > 0.9,
  summary: `hot ${type} ${value}`,
});

describe('AlertBook', () => {
  it('fires once a breach has held for the `for` duration, and resolves when it clears, each change reported once', () => {
    const clock = new FakeClock(0);
    const book = new AlertBook({ ...DEFAULT_OBSERVABILITY_CONFIG, alertForSeconds: 60 });

    expect(book.evaluate([hitRate(0.5)], clock.now())).toEqual([]);
    clock.advance(30_000);
    expect(book.evaluate([hitRate(0.5)], clock.now())).toEqual([]);
    expect(book.list()).toEqual([]);
    clock.advance(30_000);
    const fired = book.evaluate([hitRate(0.4)], clock.now());
    expect(fired).toEqual([
      {
        from: 'inactive',
        alert: expect.objectContaining({
          rule: 'hitRateLow',
          state: 'firing',
          severity: 'warning',
          since: new Date(60_000).toISOString(),
          value: 0.4,
        }),
      },
    ]);
    clock.advance(15_000);
    expect(book.evaluate([hitRate(0.3)], clock.now())).toEqual([]);
    expect(book.list()[0]).toMatchObject({
      state: 'firing',
      value: 0.3,
      since: new Date(60_000).toISOString(),
    });

    clock.advance(15_000);
    expect(book.evaluate([hitRate(0.9)], clock.now())).toEqual([
      {
        from: 'firing',
        alert: expect.objectContaining({
          state: 'resolved',
          since: new Date(90_000).toISOString(),
        }),
      },
    ]);
    clock.advance(15_000);
    expect(book.evaluate([hitRate(0.9)], clock.now())).toEqual([]);
    expect(book.list()).toEqual([
      expect.objectContaining({ rule: 'hitRateLow', state: 'resolved' }),
    ]);
  });

  it('a breach that clears before the `for` duration never fires', () => {
    const clock = new FakeClock(0);
    const book = new AlertBook({ ...DEFAULT_OBSERVABILITY_CONFIG, alertForSeconds: 60 });
    book.evaluate([hitRate(0.5)], clock.now());
    clock.advance(45_000);
    book.evaluate([hitRate(0.8)], clock.now());
    clock.advance(45_000);
    expect(book.evaluate([hitRate(0.5)], clock.now())).toEqual([]);
    expect(book.list()).toEqual([]);
  });

  it('keeps instances of one rule apart by their labels, lists firing before resolved, and resolves one no longer observed', () => {
    const clock = new FakeClock(0);
    const book = new AlertBook({ ...DEFAULT_OBSERVABILITY_CONFIG, alertForSeconds: 0 });
    book.evaluate([budget('task', 0.95), budget('context', 0.95)], clock.now());
    clock.advance(1_000);
    const changes = book.evaluate([budget('task', 0.5)], clock.now());
    expect(changes.map(({ alert }) => [alert.labels['type'], alert.state])).toEqual([
      ['task', 'resolved'],
      ['context', 'resolved'],
    ]);
    clock.advance(1_000);
    book.evaluate([budget('task', 0.99)], clock.now());
    expect(book.list().map(({ labels, state }) => [labels['type'], state])).toEqual([
      ['task', 'firing'],
      ['context', 'resolved'],
    ]);
  });
});
