import { PredictionPrecision } from './prediction-precision';

describe('PredictionPrecision', () => {
  it('scores the prediction and the last window’s most read keys on the next window, at equal length', () => {
    const precision = new PredictionPrecision((key) => key.startsWith('context:'));
    for (const key of ['context:a', 'context:a', 'context:b', 'user:u1']) {
      precision.read(key);
    }
    // The baseline is [a, b]; the prediction is cut to two as well.
    precision.boundary(['context:c', 'context:a', 'context:d']);
    precision.read('context:c');
    precision.read('context:c');
    precision.read('context:b');
    precision.boundary([]);
    expect(precision.figures).toEqual({
      windows: 1,
      predictive: { chosen: 2, read: 1, precision: 0.5 },
      baseline: { chosen: 2, read: 1, precision: 0.5 },
    });
    // The empty prediction scores nothing for the window after it.
    precision.read('context:a');
    precision.boundary(['context:a']);
    expect(precision.figures.windows).toBe(1);
  });
});
