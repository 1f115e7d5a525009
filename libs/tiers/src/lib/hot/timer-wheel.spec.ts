import { TimerWheel } from './timer-wheel';

const START = 1_700_000_000_000;
/** The finest level's bucket width: how late past its time a slot may be handed over. */
const FINEST_TICK_MS = 1024;

/** A wheel over `capacity` slots whose due times, as the wheel's owner keeps them, are `dueTimes`. */
function wheelWithTimes(capacity: number): { wheel: TimerWheel; dueTimes: number[] } {
  const dueTimes: number[] = [];
  const wheel = new TimerWheel(START, (slot) => dueTimes[slot], capacity);
  return { wheel, dueTimes };
}

/** Schedules the slot, recording its time where the wheel reads it back. */
function schedule(
  { wheel, dueTimes }: { wheel: TimerWheel; dueTimes: number[] },
  slot: number,
  time: number,
): void {
  dueTimes[slot] = time;
  wheel.schedule(slot, time);
}

describe('TimerWheel', () => {
  it('hands over each slot once, never early and within one finest tick of its time, at every level', () => {
    const delays = [3_000, 70_000, 5_000_000, 80_000_000, 600_000_000, 2_000_000_000];
    const timed = wheelWithTimes(delays.length);
    const { wheel } = timed;
    delays.forEach((delay, slot) => schedule(timed, slot, START + delay));
    const due: number[] = [];
    let now = START;
    for (const [index, delay] of delays.entries()) {
      wheel.advance(START + delay - 1, (slot) => due.push(slot));
      expect(due).toEqual([...delays.keys()].slice(0, index));
      now = START + delay + FINEST_TICK_MS;
      wheel.advance(now, (slot) => due.push(slot));
      expect(due).toEqual([...delays.keys()].slice(0, index + 1));
    }
    wheel.advance(now + 10_000_000_000, (slot) => due.push(slot));
    expect(due).toHaveLength(delays.length);
  });

  it('forgets cancelled slots and moves rescheduled ones', () => {
    const timed = wheelWithTimes(2);
    const { wheel } = timed;
    const cancelled = 0;
    const moved = 1;
    schedule(timed, cancelled, START + 2_000);
    schedule(timed, moved, START + 2_000);
    wheel.cancel(cancelled);
    schedule(timed, moved, START + 200_000);
    const due: number[] = [];
    wheel.advance(START + 100_000, (slot) => due.push(slot));
    expect(due).toEqual([]);
    wheel.advance(START + 200_000, (slot) => due.push(slot));
    expect(due).toEqual([moved]);
  });

  it('expires slots whose buckets are visited in small steps', () => {
    const timed = wheelWithTimes(1);
    const { wheel } = timed;
    schedule(timed, 0, START + 90_000);
    const due: number[] = [];
    for (let now = START; now <= START + 100_000; now += 333) {
      wheel.advance(now, (slot) => due.push(slot));
      if (now < START + 90_000) expect(due).toEqual([]);
    }
    expect(due).toEqual([0]);
  });

  it('keeps scheduled slots through growth, and schedules the new ones', () => {
    const timed = wheelWithTimes(2);
    const { wheel } = timed;
    schedule(timed, 0, START + 5_000);
    schedule(timed, 1, START + 500_000);
    wheel.grow(1000);
    for (let slot = 2; slot < 1000; slot++) schedule(timed, slot, START + 5_000 + slot);
    const due: number[] = [];
    wheel.advance(START + 10_000, (slot) => due.push(slot));
    expect(due.sort((a, b) => a - b)).toEqual([0, ...Array.from({ length: 998 }, (_, i) => i + 2)]);
    wheel.advance(START + 600_000, (slot) => due.push(slot));
    expect(due).toContain(1);
  });

  it('keeps its buckets through growth past what 16-bit links can index', () => {
    const timed = wheelWithTimes(1000);
    const { wheel } = timed;
    for (let slot = 0; slot < 1000; slot++) schedule(timed, slot, START + 5_000);
    wheel.grow(70_000);
    for (let slot = 1000; slot < 70_000; slot++)
      schedule(timed, slot, START + 5_000 + (slot % 2) * 100_000);
    wheel.cancel(69_999 - 1);
    const due: number[] = [];
    wheel.advance(START + 10_000, (slot) => due.push(slot));
    expect(due).toHaveLength(1000 + 34_500 - 1);
    expect(due).toContain(65_600);
    wheel.advance(START + 200_000, (slot) => due.push(slot));
    expect(due).toHaveLength(70_000 - 1);
    expect(due).not.toContain(69_998);
  });
});
