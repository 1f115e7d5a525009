import { restartPoint } from './cold-restart';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

describe('restartPoint', () => {
  it('restarts at 10:10 of the second simulated day when the span reaches it', () => {
    expect(restartPoint({ startHour: 0, hours: 48 })).toBe(34 * HOUR_MS + 10 * MINUTE_MS);
  });

  it('restarts at 10:10 of a single day when an hour of history lies behind it', () => {
    expect(restartPoint({ startHour: 0, hours: 24 })).toBe(10 * HOUR_MS + 10 * MINUTE_MS);
    // The quick run: 8:00 to 12:00.
    expect(restartPoint({ startHour: 8, hours: 4 })).toBe(2 * HOUR_MS + 10 * MINUTE_MS);
  });

  it('measures no restart without an hour of history before it or ten minutes after it', () => {
    expect(restartPoint({ startHour: 10, hours: 4 })).toBeUndefined();
    expect(restartPoint({ startHour: 8, hours: 2 })).toBeUndefined();
  });
});
