import { SlotAllocator } from './slot-allocator';

const value = (name: number) => ({ name });

describe('SlotAllocator', () => {
  it('hands out distinct slots holding their values, and grows the columns by a quarter', () => {
    const capacities: number[] = [];
    const allocator = new SlotAllocator<{ name: number }>((capacity) => capacities.push(capacity));
    const slots = Array.from({ length: 100 }, (_, i) => allocator.allocate(value(i)));
    expect(new Set(slots).size).toBe(100);
    expect(Math.max(...slots)).toBe(99);
    expect(slots.every((slot, i) => (allocator.values[slot] as { name: number }).name === i)).toBe(
      true,
    );
    expect(capacities).toEqual([64, 80, 100]);
  });

  it('reuses freed slots first, most recently freed first, chained through the values', () => {
    const allocator = new SlotAllocator<{ name: number }>(() => undefined);
    for (let i = 0; i < 50; i++) allocator.allocate(value(i));
    allocator.release(17);
    allocator.release(42);
    expect(allocator.allocate(value(100))).toBe(42);
    expect(allocator.allocate(value(101))).toBe(17);
    expect(allocator.allocate(value(102))).toBe(50);
    expect(allocator.values[17]).toEqual({ name: 101 });
  });

  it('starts over after clear without shrinking', () => {
    const allocator = new SlotAllocator<{ name: number }>(() => undefined);
    for (let i = 0; i < 70; i++) allocator.allocate(value(i));
    allocator.release(3);
    allocator.clear();
    expect(allocator.allocate(value(0))).toBe(0);
    expect(allocator.capacity).toBe(80);
  });
});
