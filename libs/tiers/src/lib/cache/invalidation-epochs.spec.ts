import { InvalidationEpochs } from './invalidation-epochs';
import { TierStamps } from './tier-stamps';

const entry = { key: 'context:task:1', type: 'context', dependencies: ['task:1', 'global'] };

describe('InvalidationEpochs', () => {
  it('marks what an operation obtained as outdated once an invalidation covering it finishes after it began', () => {
    const epochs = new InvalidationEpochs();
    const before = epochs.begin();
    epochs.started({ kind: 'dependency', dependency: 'global' });
    epochs.finished({ kind: 'dependency', dependency: 'global' });
    const after = epochs.begin();

    expect(epochs.isOutdated(entry, before)).toBe(true);
    expect(epochs.isOutdated(entry, after)).toBe(false);
  });

  describe('an invalidation that says what it left in the shared tiers (heard late on the bus)', () => {
    const scope = { kind: 'dependency', dependency: 'task:1' } as const;
    const applied = TierStamps.none.with('redis', 7).with('db', 3);

    it('does not outdate an operation that read a domain at or after that stamp', () => {
      const epochs = new InvalidationEpochs();
      const operation = epochs.begin();
      epochs.started(scope);
      epochs.finished(scope, applied);

      expect(epochs.isOutdated(entry, operation, TierStamps.none.with('redis', 7))).toBe(false);
      expect(epochs.isOutdated(entry, operation, TierStamps.none.with('db', 4))).toBe(false);
    });

    it('outdates one that read every domain before it, or whose stamps are unknown', () => {
      const epochs = new InvalidationEpochs();
      const operation = epochs.begin();
      epochs.started(scope);
      epochs.finished(scope, applied);

      const before = TierStamps.none.with('redis', 6).with('db', 2);
      expect(epochs.isOutdated(entry, operation, before)).toBe(true);
      expect(epochs.isOutdated(entry, operation, TierStamps.none.with('other', 99))).toBe(true);
      expect(epochs.isOutdated(entry, operation)).toBe(true);
    });

    it('outdates every operation while it is under way, stamps or not', () => {
      const epochs = new InvalidationEpochs();
      const operation = epochs.begin();
      epochs.started(scope);

      expect(epochs.isOutdated(entry, operation, TierStamps.none.with('redis', 100))).toBe(true);
    });

    it('judges by the later of two such invalidations, in the domains both reached', () => {
      const epochs = new InvalidationEpochs();
      const operation = epochs.begin();
      epochs.started(scope);
      epochs.finished(scope, TierStamps.none.with('redis', 7).with('db', 3));
      epochs.started(scope);
      epochs.finished(scope, TierStamps.none.with('redis', 9));

      expect(epochs.isOutdated(entry, operation, TierStamps.none.with('redis', 8))).toBe(true);
      expect(epochs.isOutdated(entry, operation, TierStamps.none.with('db', 5))).toBe(true);
      expect(epochs.isOutdated(entry, operation, TierStamps.none.with('redis', 9))).toBe(false);
    });

    it('gives up stamps once an invalidation without them finished after the operation began', () => {
      const epochs = new InvalidationEpochs();
      const operation = epochs.begin();
      epochs.started(scope);
      epochs.finished(scope, applied);
      epochs.started(scope);
      epochs.finished(scope);
      epochs.started(scope);
      epochs.finished(scope, TierStamps.none.with('redis', 8));

      expect(epochs.isOutdated(entry, operation, TierStamps.none.with('redis', 100))).toBe(true);
      expect(epochs.isOutdated(entry, epochs.begin(), TierStamps.none)).toBe(false);
    });

    it('gives them up too when two reached no domain in common', () => {
      const epochs = new InvalidationEpochs();
      const operation = epochs.begin();
      epochs.started(scope);
      epochs.finished(scope, TierStamps.none.with('redis', 7));
      epochs.started(scope);
      epochs.finished(scope, TierStamps.none.with('db', 3));

      const readAfterBoth = TierStamps.none.with('redis', 7).with('db', 3);
      expect(epochs.isOutdated(entry, operation, readAfterBoth)).toBe(true);
    });
  });

  it('treats an invalidation still under way as covering every operation', () => {
    const epochs = new InvalidationEpochs();
    epochs.started({ kind: 'type', type: 'context' });
    const during = epochs.begin();

    expect(epochs.isOutdated(entry, during)).toBe(true);
    epochs.finished({ kind: 'type', type: 'context' });
    expect(epochs.isOutdated(entry, during)).toBe(true);
    expect(epochs.isOutdated(entry, epochs.begin())).toBe(false);
  });

  it('matches an entry by its key, its type, its dependencies, and a dependency on its key', () => {
    const epochs = new InvalidationEpochs();
    const operation = epochs.begin();
    const unrelated = { key: 'task:2', type: 'task', dependencies: ['task:2'] };
    for (const scope of [
      { kind: 'key', key: 'context:task:1' },
      { kind: 'dependency', dependency: 'context:task:1' },
      { kind: 'dependency', dependency: 'task:1' },
      { kind: 'type', type: 'context' },
    ] as const) {
      const fresh = new InvalidationEpochs();
      const started = fresh.begin();
      fresh.started(scope);
      fresh.finished(scope);
      expect(fresh.isOutdated(entry, started)).toBe(true);
      expect(fresh.isOutdated(unrelated, started)).toBe(false);
    }
    expect(epochs.isOutdated(entry, operation)).toBe(false);
  });

  it('flags what a tier returns for a key while an older write of it, overtaken by an invalidation, is under way', () => {
    const epochs = new InvalidationEpochs();
    const writer = epochs.begin();
    epochs.beginWrite(entry.key, writer);
    epochs.started({ kind: 'dependency', dependency: 'task:1' });
    epochs.finished({ kind: 'dependency', dependency: 'task:1' });
    const reader = epochs.begin();

    expect(epochs.isOutdated(entry, reader)).toBe(true);
    epochs.endWrite(entry.key, writer);
    expect(epochs.isOutdated(entry, reader)).toBe(false);
  });

  it('forgets a finished invalidation once no operation that began before it is open', () => {
    const epochs = new InvalidationEpochs();
    const old = epochs.begin();
    epochs.hold(old);
    epochs.started({ kind: 'dependency', dependency: 'task:1' });
    epochs.finished({ kind: 'dependency', dependency: 'task:1' });

    epochs.release(old);
    expect(epochs.invalidatedSince(old, entry)).toBe(true);
    epochs.release(old);
    // Nothing can compare against the record any more; a later check of that old stamp finds none.
    expect(epochs.invalidatedSince(old, entry)).toBe(false);
  });
});
