import { FrequencySketch } from './frequency-sketch';

const hashOf = (key: number): number => Math.imul(key + 1, 0x9e3779b1);

describe('FrequencySketch', () => {
  it('counts increments up to the 4-bit ceiling of 15', () => {
    const sketch = new FrequencySketch(1000);
    for (let i = 0; i < 7; i++) sketch.increment(hashOf(1));
    expect(sketch.frequency(hashOf(1))).toBe(7);
    for (let i = 0; i < 20; i++) sketch.increment(hashOf(1));
    expect(sketch.frequency(hashOf(1))).toBe(15);
    expect(sketch.frequency(hashOf(2))).toBe(0);
  });

  it('halves every count once per sample of increments, so old popularity fades', () => {
    const sketch = new FrequencySketch(100);
    for (let i = 0; i < 12; i++) sketch.increment(hashOf(1));
    // Unrelated traffic up to the sample size triggers one aging pass.
    for (let i = 0; sketch.frequency(hashOf(1)) === 12 && i < sketch.sampleSize; i++) {
      sketch.increment(hashOf(1000 + (i % 5000)));
    }
    expect(sketch.frequency(hashOf(1))).toBe(6);
  });

  it('keeps estimates of distinct keys apart when sized for them', () => {
    const sketch = new FrequencySketch(1000);
    for (let key = 0; key < 1000; key++) {
      for (let i = 0; i < key % 4; i++) sketch.increment(hashOf(key));
    }
    let exact = 0;
    for (let key = 0; key < 1000; key++) if (sketch.frequency(hashOf(key)) === key % 4) exact++;
    expect(exact).toBeGreaterThan(950);
  });

  it('forgets on growth and sizes its aging sample to the new capacity', () => {
    const sketch = new FrequencySketch(100);
    sketch.increment(hashOf(1));
    sketch.ensureCapacity(5000);
    expect(sketch.frequency(hashOf(1))).toBe(0);
    expect(sketch.capacity).toBeGreaterThanOrEqual(5000);
    expect(sketch.capacity).toBeLessThan(2 * 8192);
    expect(sketch.sampleSize).toBe(10 * sketch.capacity);
  });

  it('says when an estimate saturates, and moves its epoch whenever estimates can fall', () => {
    const sketch = new FrequencySketch(100);
    const epoch = sketch.epoch;
    expect(sketch.increment(hashOf(7), 8)).toBe(false);
    expect(sketch.increment(hashOf(7), 8)).toBe(true);
    expect(sketch.frequency(hashOf(7))).toBe(15);
    for (let key = 0; sketch.epoch === epoch; key++) sketch.increment(hashOf(1000 + key));
    expect(sketch.frequency(hashOf(7))).toBeLessThan(15); // aged: saturation no longer holds
    const grown = sketch.epoch;
    sketch.ensureCapacity(5000);
    expect(sketch.epoch).not.toBe(grown);
  });
});
