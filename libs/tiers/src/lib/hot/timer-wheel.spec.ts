import { type TimerLink, TimerWheel } from './timer-wheel';

class Item implements TimerLink {
  timerPrev: TimerLink = this;
  timerNext: TimerLink = this;
  timerTime = 0;
  constructor(readonly name: string) {}
}

const START = 1_700_000_000_000;
/** The finest level's bucket width: how late past its time an item may be handed over. */
const FINEST_TICK_MS = 1024;

describe('TimerWheel', () => {
  it('hands over each item once, never early and within one finest tick of its time, at every level', () => {
    const wheel = new TimerWheel<Item>(START);
    const delays = [3_000, 70_000, 5_000_000, 80_000_000, 600_000_000, 2_000_000_000];
    const items = delays.map((delay) => {
      const item = new Item(`+${delay}`);
      wheel.schedule(item, START + delay);
      return item;
    });
    const due: Item[] = [];
    let now = START;
    for (const [index, delay] of delays.entries()) {
      wheel.advance(START + delay - 1, (item) => due.push(item));
      expect(due).toEqual(items.slice(0, index));
      now = START + delay + FINEST_TICK_MS;
      wheel.advance(now, (item) => due.push(item));
      expect(due).toEqual(items.slice(0, index + 1));
    }
    wheel.advance(now + 10_000_000_000, (item) => due.push(item));
    expect(due).toHaveLength(delays.length);
  });

  it('forgets cancelled items and moves rescheduled ones', () => {
    const wheel = new TimerWheel<Item>(START);
    const cancelled = new Item('cancelled');
    const moved = new Item('moved');
    wheel.schedule(cancelled, START + 2_000);
    wheel.schedule(moved, START + 2_000);
    wheel.cancel(cancelled);
    wheel.schedule(moved, START + 200_000);
    const due: Item[] = [];
    wheel.advance(START + 100_000, (item) => due.push(item));
    expect(due).toEqual([]);
    wheel.advance(START + 200_000, (item) => due.push(item));
    expect(due).toEqual([moved]);
  });

  it('expires items whose buckets are visited in small steps', () => {
    const wheel = new TimerWheel<Item>(START);
    const item = new Item('a');
    wheel.schedule(item, START + 90_000);
    const due: Item[] = [];
    for (let now = START; now <= START + 100_000; now += 333) {
      wheel.advance(now, (expired) => due.push(expired));
      if (now < START + 90_000) expect(due).toEqual([]);
    }
    expect(due).toEqual([item]);
  });
});
