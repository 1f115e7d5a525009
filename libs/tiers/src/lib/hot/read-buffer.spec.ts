import { PolicyNode, Region } from './policy/policy-node';
import { HIT_SAMPLE_RATE, READ_BUFFER_CAPACITY, ReadBuffer } from './read-buffer';

function residentNode(region: Region = Region.Protected): PolicyNode {
  const node = new PolicyNode(1, 1);
  node.region = region;
  return node;
}

describe('ReadBuffer', () => {
  it('samples about one hit in HIT_SAMPLE_RATE', () => {
    let drained = 0;
    const buffer = new ReadBuffer<PolicyNode>(() => drained++);
    const node = residentNode();
    const hits = 100_000;
    for (let i = 0; i < hits; i++) buffer.record(node);
    buffer.drain();
    expect(drained / hits).toBeCloseTo(1 / HIT_SAMPLE_RATE, 2);
  });

  it('never holds more than READ_BUFFER_CAPACITY hits: a full buffer drains at once', () => {
    let drained = 0;
    const buffer = new ReadBuffer<PolicyNode>(() => drained++);
    // Probation hits are always buffered, so every one of these lands in the buffer.
    const node = residentNode(Region.Probation);
    for (let i = 0; i < 10 * READ_BUFFER_CAPACITY; i++) {
      buffer.record(node);
      expect(buffer.pending).toBeLessThan(READ_BUFFER_CAPACITY);
    }
    expect(drained + buffer.pending).toBe(10 * READ_BUFFER_CAPACITY);
  });

  it('hands over every buffered hit on drain, oldest first, skipping nodes that left meanwhile', () => {
    const seen: PolicyNode[] = [];
    const buffer = new ReadBuffer<PolicyNode>((node) => seen.push(node));
    const first = residentNode(Region.Probation);
    const gone = residentNode(Region.Probation);
    const last = residentNode(Region.Probation);
    buffer.record(first);
    buffer.record(gone);
    buffer.record(last);
    gone.region = Region.None;
    buffer.drain();
    expect(seen).toEqual([first, last]);
    expect(buffer.pending).toBe(0);
  });

  it('forgets buffered hits on clear', () => {
    const seen: PolicyNode[] = [];
    const buffer = new ReadBuffer<PolicyNode>((node) => seen.push(node));
    buffer.record(residentNode(Region.Probation));
    buffer.clear();
    buffer.drain();
    expect(seen).toEqual([]);
  });
});
