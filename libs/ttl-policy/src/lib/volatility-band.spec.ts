import { bandOf } from './volatility-band';

describe('bandOf', () => {
  const thresholds = { high: 0.55, medium: 0.3 };

  it.each([
    [0, 'low'],
    [0.2999, 'low'],
    [0.3, 'medium'],
    [0.5499, 'medium'],
    [0.55, 'high'],
    [1, 'high'],
  ])('puts score %d in %s (a threshold belongs to the band above it)', (score, band) => {
    expect(bandOf(score, thresholds)).toBe(band);
  });

  it('has no medium band when the thresholds coincide', () => {
    expect(bandOf(0.49, { high: 0.5, medium: 0.5 })).toBe('low');
    expect(bandOf(0.5, { high: 0.5, medium: 0.5 })).toBe('high');
  });
});
