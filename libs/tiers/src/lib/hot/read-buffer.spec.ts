import { Region, UNREAD } from './policy/policy-slots';
import { HIT_SAMPLE_RATE, READ_BUFFER_CAPACITY, ReadBuffer } from './read-buffer';

/** Records what a drain hands over: `s` for a sampled hit, `r` for an unsampled one. */

/** A state column in which `slot` has the state given. */
function statesWith(slot: number, state: number): Uint8Array {
  const states = new Uint8Array(64);
  states[slot] = state;
  return states;
}
function recordingBuffer(): { buffer: ReadBuffer; seen: string[] } {
  const seen: string[] = [];
  const buffer = new ReadBuffer({
    sampled: (slot) => seen.push(`s${slot}`),
    unsampled: (slot) => seen.push(`r${slot}`),
  });
  return { buffer, seen };
}

describe('ReadBuffer', () => {
  it('samples about one hit in HIT_SAMPLE_RATE on slots already read', () => {
    const { buffer, seen } = recordingBuffer();
    const hits = 100_000;
    for (let i = 0; i < hits; i++) buffer.record(7, statesWith(7, Region.Protected));
    buffer.drain();
    expect(seen.length / hits).toBeCloseTo(1 / HIT_SAMPLE_RATE, 2);
    expect(new Set(seen)).toEqual(new Set(['s7']));
  });

  it('never holds more than READ_BUFFER_CAPACITY hits: a full buffer drains at once', () => {
    const { buffer, seen } = recordingBuffer();
    // Probation hits are always buffered, so every one of these lands in the buffer.
    for (let i = 0; i < 10 * READ_BUFFER_CAPACITY; i++) {
      buffer.record(3, statesWith(3, Region.Probation));
      expect(buffer.pending).toBeLessThan(READ_BUFFER_CAPACITY);
    }
    expect(seen.length + buffer.pending).toBe(10 * READ_BUFFER_CAPACITY);
  });

  it('always buffers a first read, as a sample when the countdown says so and as a read mark otherwise', () => {
    const { buffer, seen } = recordingBuffer();
    buffer.record(1, statesWith(1, Region.Window | UNREAD)); // the countdown starts at 1: this one is a sample
    for (let slot = 2; slot < 40; slot++)
      buffer.record(slot, statesWith(slot, Region.Window | UNREAD));
    buffer.drain();
    expect(seen).toHaveLength(39);
    expect(seen[0]).toBe('s1');
    const marks = seen.filter((item) => item.startsWith('r')).length;
    // Most are read marks; about one in HIT_SAMPLE_RATE is a sample.
    expect(marks).toBeGreaterThan(39 / 2);
    expect(marks).toBeLessThan(39);
  });

  it('hands over every buffered hit on drain, oldest first', () => {
    const { buffer, seen } = recordingBuffer();
    buffer.record(4, statesWith(4, Region.Probation));
    buffer.record(5, statesWith(5, Region.Probation | UNREAD));
    buffer.record(6, statesWith(6, Region.Probation));
    buffer.drain();
    expect(seen).toEqual(['s4', 's5', 's6']);
    expect(buffer.pending).toBe(0);
  });

  it('forgets buffered hits on clear', () => {
    const { buffer, seen } = recordingBuffer();
    buffer.record(1, statesWith(1, Region.Probation));
    buffer.clear();
    buffer.drain();
    expect(seen).toEqual([]);
  });
});
