import type { InvalidationMessage } from '../core/invalidation-bus';
import { InProcessInvalidationBus } from './in-process-invalidation-bus';

describe('InProcessInvalidationBus', () => {
  const message: InvalidationMessage = { kind: 'dependency', dependency: 'task:1', origin: 'a' };

  it('delivers to every subscriber before publish resolves', async () => {
    const bus = new InProcessInvalidationBus();
    const first: InvalidationMessage[] = [];
    const second: InvalidationMessage[] = [];
    bus.subscribe((received) => first.push(received));
    bus.subscribe((received) => second.push(received));

    await bus.publish(message);

    expect(first).toEqual([message]);
    expect(second).toEqual([message]);
  });

  it('stops delivering to a handler once it unsubscribes', async () => {
    const bus = new InProcessInvalidationBus();
    const received: InvalidationMessage[] = [];
    const unsubscribe = bus.subscribe((delivered) => received.push(delivered));
    unsubscribe();

    await bus.publish(message);

    expect(received).toEqual([]);
  });

  it('delivers to the other handlers when one throws, then reports the failure', async () => {
    const bus = new InProcessInvalidationBus();
    const received: InvalidationMessage[] = [];
    bus.subscribe(() => {
      throw new Error('broken handler');
    });
    bus.subscribe((delivered) => received.push(delivered));

    await expect(bus.publish(message)).rejects.toThrow(AggregateError);
    expect(received).toEqual([message]);
  });

  it('drops every subscriber on close', async () => {
    const bus = new InProcessInvalidationBus();
    const received: InvalidationMessage[] = [];
    bus.subscribe((delivered) => received.push(delivered));
    await bus.close();

    await bus.publish(message);

    expect(received).toEqual([]);
  });
});
