import { volatilityScore, type ScoreInputs } from './volatility-score';

const inputs = (overrides: Partial<ScoreInputs>): ScoreInputs => ({
  type: 'task',
  base: 1,
  f: 0,
  v: 0,
  a: 0,
  updatesInWindow: 0,
  recentUpdates: 0,
  recentAccesses: 0,
  ...overrides,
});

describe('volatilityScore', () => {
  it('is base / 4 with no history at all', () => {
    expect(volatilityScore(inputs({ base: 0.8 })).score).toBeCloseTo(0.2);
  });

  it('is the base when every term saturates', () => {
    expect(volatilityScore(inputs({ base: 0.6, f: 1, v: 1, a: 1 })).score).toBeCloseTo(0.6);
  });

  it('adds each term a quarter of the base', () => {
    expect(volatilityScore(inputs({ base: 1, f: 0.5, v: 0.25, a: 0 })).score).toBeCloseTo(
      (1 + 0.5 + 0.25) / 4,
    );
  });

  it('clamps the terms, the base and the result to [0, 1]', () => {
    const clamped = volatilityScore(inputs({ base: 3, f: 5, v: -1, a: Number.NaN }));
    expect(clamped.inputs).toMatchObject({ base: 1, f: 1, v: 0, a: 0 });
    expect(clamped.score).toBeCloseTo(0.5);
    expect(volatilityScore(inputs({ base: -1, f: 1, v: 1, a: 1 })).score).toBe(0);
  });
});
