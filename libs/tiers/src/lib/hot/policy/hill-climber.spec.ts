import { HillClimber } from './hill-climber';

/** Feeds one sample at the given hit ratio and returns the climber's adjustment. */
function sample(climber: HillClimber, hitRatio: number): number {
  let adjustment = 0;
  for (let i = 0; i < climber.sampleSize; i++) {
    adjustment += i < hitRatio * climber.sampleSize ? climber.record(1, 0) : climber.record(0, 1);
  }
  return adjustment;
}

describe('HillClimber', () => {
  it('keeps its direction while the hit ratio rises and reverses when it falls', () => {
    const climber = new HillClimber(1000, 100);
    const first = sample(climber, 0.3);
    expect(first).toBeGreaterThan(0);
    expect(sample(climber, 0.32)).toBeGreaterThan(0);
    expect(sample(climber, 0.2)).toBeLessThan(0);
    expect(sample(climber, 0.25)).toBeLessThan(0);
  });

  it('shrinks its steps while the hit ratio holds steady, and restarts them on a large change', () => {
    const climber = new HillClimber(1000, 100);
    sample(climber, 0.5);
    const steady = [sample(climber, 0.5), sample(climber, 0.5), sample(climber, 0.5)];
    expect(Math.abs(steady[2])).toBeLessThan(Math.abs(steady[0]));
    sample(climber, 0.9);
    expect(Math.abs(sample(climber, 0.9))).toBeCloseTo(100); // the first step: 10% of the maximum
  });

  it('adjusts only at the end of a sample', () => {
    const climber = new HillClimber(1000, 100);
    for (let i = 0; i < 99; i++) expect(climber.record(1, 0)).toBe(0);
    expect(climber.record(1, 0)).not.toBe(0);
  });

  it('keeps its direction through a fall in hit ratio too small to be more than noise', () => {
    const climber = new HillClimber(1000, 1000);
    const first = sample(climber, 0.5);
    expect(Math.sign(sample(climber, 0.499))).toBe(Math.sign(first));
    expect(Math.sign(sample(climber, 0.49))).toBe(-Math.sign(first));
  });
});
