import { demoDataset } from '../seed/demo-dataset';
import { defaultWorkloadOptions, type WorkloadOptions } from './workload-options';
import { generateSchedule } from './workload-schedule';
import { WorkingHoursClock } from './working-hours';

const HOUR_MS = 3_600_000;

function dayOptions(overrides: Partial<WorkloadOptions> = {}): WorkloadOptions {
  return {
    ...defaultWorkloadOptions(true),
    hours: 24,
    startHour: 0,
    requests: 5_000,
    ...overrides,
  };
}

describe('generateSchedule', () => {
  const options = dayOptions();
  const dataset = demoDataset(options.seed, options.dataset);

  it('gives the same schedule for the same seed', () => {
    expect(generateSchedule(dataset, options)).toEqual(generateSchedule(dataset, options));
  });

  it('gives another schedule for another seed', () => {
    const other = generateSchedule(dataset, { ...options, seed: options.seed + 1 });
    expect(other).not.toEqual(generateSchedule(dataset, options));
  });

  it('puts most traffic in working hours and little at night', () => {
    const schedule = generateSchedule(dataset, options);
    const hourOf = (at: number) => Math.floor(at / HOUR_MS);
    const working = schedule.filter((event) => hourOf(event.at) >= 9 && hourOf(event.at) < 18);
    const night = schedule.filter((event) => hourOf(event.at) < 6);
    expect(working.length / schedule.length).toBeGreaterThan(0.75);
    expect(night.length / schedule.length).toBeLessThan(0.05);
  });

  it('is in time order, logs each user in before their first read, and writes at the day’s rates', () => {
    const schedule = generateSchedule(dataset, options);
    const loggedIn = new Set<string>();
    let previous = 0;
    for (const event of schedule) {
      expect(event.at).toBeGreaterThanOrEqual(previous);
      previous = event.at;
      if (event.kind === 'login') loggedIn.add(event.userId);
      if (event.kind === 'read') expect(loggedIn.has(event.userId)).toBe(true);
    }
    const taskWrites = schedule.filter((event) => event.kind === 'write' && event.type === 'task');
    expect(taskWrites).toHaveLength(options.writesPerDay.task);
  });

  it('reads only what the reading user is a member of', () => {
    const members = new Map(dataset.users.map((user) => [user.id, new Set(user.projectIds)]));
    for (const event of generateSchedule(dataset, options)) {
      if (event.kind === 'read' && event.read === 'resolveProject') {
        expect(members.get(event.userId)?.has(event.id)).toBe(true);
      }
    }
  });
});

describe('WorkingHoursClock', () => {
  it('never draws an instant outside the span', () => {
    const clock = new WorkingHoursClock(22, 4);
    const random = { next: () => 0.999_999 } as never;
    expect(clock.instant(random)).toBeLessThan(clock.spanMs);
    expect(clock.hourOfDay(clock.instant(random))).toBe(1);
  });
});
