import { seededRandom } from '@strata/ttl-policy';
/**
 * A fixture with the shape of DESIGN §6's traffic, for calibrating the volatility bases and band
 * thresholds: one seeded working day (08:00–19:00 UTC, flat with a lunch dip), popularity Zipf
 * over items, most reads by users who logged in before their first request, some anonymous ones,
 * and writes Zipf over the same items, so what is read often also changes often. Templates are
 * never written: the untouched configuration the cold tier is for.
 */

export type CalibrationEvent =
  | { at: number; kind: 'read'; key: string; userId?: string }
  | { at: number; kind: 'write'; key: string }
  | { at: number; kind: 'login'; userId: string };

const HOUR = 3_600_000;
export const CALIBRATION_DAY_START = Date.UTC(2026, 0, 5, 0, 0, 0);
/** When scores are read: late afternoon, with most of the day's history in. */
export const CALIBRATION_EVALUATED_AT = CALIBRATION_DAY_START + 17 * HOUR;

const COUNTS = { task: 400, project: 20, git_branch: 60, user: 80, agent: 8, template: 12 };
const READS = 30_000;
const ANONYMOUS_SHARE = 0.1;
const READ_MIX: Array<[keyof typeof COUNTS, number]> = [
  ['task', 0.5],
  ['project', 0.15],
  ['git_branch', 0.1],
  ['user', 0.1],
  ['agent', 0.08],
  ['template', 0.07],
];
const WRITES_PER_DAY: Record<keyof typeof COUNTS, number> = {
  task: 800,
  project: 30,
  git_branch: 60,
  user: 20,
  agent: 2,
  template: 0,
};

/** Draws an index in [0, n) with probability proportional to 1 / (rank + 1). */
function zipf(n: number, random: () => number): number {
  let total = 0;
  for (let rank = 1; rank <= n; rank++) {
    total += 1 / rank;
  }
  let draw = random() * total;
  for (let rank = 1; rank <= n; rank++) {
    draw -= 1 / rank;
    if (draw <= 0) {
      return rank - 1;
    }
  }
  return n - 1;
}

/** A moment of the working day, weighted like people work (lunch dip at 12). */
function workingInstant(random: () => number): number {
  for (;;) {
    const hour = 8 + random() * 11;
    const weight = hour >= 12 && hour < 13 ? 0.7 : hour < 9 || hour >= 18 ? 0.4 : 1;
    if (random() < weight) {
      return CALIBRATION_DAY_START + Math.round(hour * HOUR);
    }
  }
}

function pick<T>(entries: Array<[T, number]>, random: () => number): T {
  let draw = random();
  for (const [value, share] of entries) {
    draw -= share;
    if (draw <= 0) {
      return value;
    }
  }
  return entries[entries.length - 1][0];
}

/** The day's events in time order; the same seed always gives the same day. */
export function calibrationDay(seed = 7): CalibrationEvent[] {
  const random = seededRandom(seed);
  const key = (type: keyof typeof COUNTS, index: number) => `${type}:${type[0]}${index}`;
  const events: CalibrationEvent[] = [];
  const firstRead = new Map<string, number>();
  for (let index = 0; index < READS; index++) {
    const type = pick(READ_MIX, random);
    const at = workingInstant(random);
    const anonymous = random() < ANONYMOUS_SHARE;
    const userId = anonymous ? undefined : `u${zipf(COUNTS.user, random)}`;
    events.push({ at, kind: 'read', key: key(type, zipf(COUNTS[type], random)), userId });
    if (userId !== undefined) {
      firstRead.set(userId, Math.min(firstRead.get(userId) ?? Infinity, at));
    }
  }
  for (const [userId, at] of firstRead) {
    events.push({ at: at - 1000, kind: 'login', userId });
  }
  for (const [type, count] of Object.entries(WRITES_PER_DAY) as Array<
    [keyof typeof COUNTS, number]
  >) {
    for (let index = 0; index < count; index++) {
      events.push({
        at: workingInstant(random),
        kind: 'write',
        key: key(type, zipf(COUNTS[type], random)),
      });
    }
  }
  return events.sort((a, b) => a.at - b.at);
}
