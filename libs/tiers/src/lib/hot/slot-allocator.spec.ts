import { SlotAllocator } from './slot-allocator';

describe('SlotAllocator', () => {
  it('hands out distinct slots, reuses freed ones first, and grows the columns by half again', () => {
    const capacities: number[] = [];
    const allocator = new SlotAllocator((capacity) => capacities.push(capacity));
    const slots = Array.from({ length: 100 }, () => allocator.allocate());
    expect(new Set(slots).size).toBe(100);
    expect(Math.max(...slots)).toBe(99);
    expect(capacities).toEqual([64, 96, 144]);
    allocator.release(17);
    allocator.release(42);
    expect(allocator.allocate()).toBe(42);
    expect(allocator.allocate()).toBe(17);
    expect(allocator.allocate()).toBe(100);
  });

  it('starts over after clear without shrinking', () => {
    const capacities: number[] = [];
    const allocator = new SlotAllocator((capacity) => capacities.push(capacity));
    for (let i = 0; i < 70; i++) allocator.allocate();
    allocator.clear();
    expect(allocator.allocate()).toBe(0);
    expect(allocator.capacity).toBe(96);
  });
});
