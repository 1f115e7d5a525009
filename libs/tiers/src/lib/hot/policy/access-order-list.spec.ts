import { AccessOrderList } from './access-order-list';
import { PolicySlots } from './policy-slots';

describe('AccessOrderList', () => {
  it('keeps its order while its link columns grow from 16 to 32 bits', () => {
    const slots = new PolicySlots(16);
    const list = new AccessOrderList(slots);
    const count = 70_000;
    for (let slot = 0; slot < count; slot++) {
      if (slot === slots.capacity) slots.grow(slot * 2);
      list.addLast(slot);
    }
    expect(slots.next).toBeInstanceOf(Uint32Array);
    // Slots on both sides of the widening move: the least recent to the end, one past 65,535 out.
    list.remove(0);
    list.addLast(0);
    list.remove(65_535);
    const order = list.toArray();
    expect(order).toHaveLength(count - 1);
    expect(order[0]).toBe(1);
    expect(order[65_533]).toBe(65_534);
    expect(order[65_534]).toBe(65_536);
    expect(order[order.length - 1]).toBe(0);
    expect(list.after(65_534)).toBe(65_536);
    expect(list.peekFirst()).toBe(1);
    expect(list.isLast(0)).toBe(true);
  });

  it('uses 16-bit links while the slots fit, and reports no slot past either end', () => {
    const slots = new PolicySlots(4);
    const list = new AccessOrderList(slots);
    expect(list.peekFirst()).toBe(-1);
    list.addLast(2);
    list.addLast(0);
    expect(slots.prev).toBeInstanceOf(Uint16Array);
    expect(list.after(0)).toBe(-1);
    list.remove(2);
    list.remove(0);
    expect(list.toArray()).toEqual([]);
    expect(list.peekFirst()).toBe(-1);
  });
});
