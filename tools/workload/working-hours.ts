import type { SeededRandom } from '../seed/random';

const HOUR_MS = 3_600_000;

/**
 * Relative activity by hour of the day: people work 9–18, a few start early or stay late, and
 * almost nothing happens at night. The shape, not the numbers, is what the simulation needs.
 */
export function hourlyActivity(hourOfDay: number): number {
  if (hourOfDay >= 9 && hourOfDay < 18) {
    // A dip at lunch, as real traffic shows.
    return hourOfDay === 12 ? 0.7 : 1;
  }
  if (hourOfDay === 8 || hourOfDay === 18) {
    return 0.4;
  }
  if (hourOfDay === 7 || hourOfDay === 19 || hourOfDay === 20) {
    return 0.15;
  }
  return 0.02;
}

/**
 * Draws instants within a span of simulated hours, as milliseconds from its start, in proportion
 * to the hourly activity of the hour each falls in.
 */
export class WorkingHoursClock {
  private readonly cumulative: number[] = [];

  constructor(
    private readonly startHour: number,
    readonly hours: number,
  ) {
    if (!Number.isInteger(hours) || hours < 1) {
      throw new RangeError('the span needs a whole number of hours, at least one');
    }
    let total = 0;
    for (let hour = 0; hour < hours; hour++) {
      total += hourlyActivity((startHour + hour) % 24);
      this.cumulative.push(total);
    }
  }

  /** Milliseconds from the start of the span. */
  instant(random: SeededRandom): number {
    const target = random.next() * this.cumulative[this.cumulative.length - 1];
    const hour = this.cumulative.findIndex((total) => total > target);
    return Math.floor((Math.max(hour, 0) + random.next()) * HOUR_MS);
  }

  /** The hour of the day (0–23) an instant of the span falls in. */
  hourOfDay(instantMs: number): number {
    return (this.startHour + Math.floor(instantMs / HOUR_MS)) % 24;
  }

  get spanMs(): number {
    return this.hours * HOUR_MS;
  }
}
