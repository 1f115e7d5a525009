import type { BusTransport, TransportEvents } from '../bus/bus-transport';

/**
 * Transports of one in-memory network, for the bus's policy tests: every text sent reaches every
 * connected transport (the sender's too, as on Redis), synchronously. A test can cut a
 * transport off, bring it back, or lose the next messages, to see what the bus above makes of it.
 */
export class MemoryBusNetwork {
  private readonly members = new Set<MemoryBusTransport>();
  private toLose = 0;

  transport(): MemoryBusTransport {
    const transport = new MemoryBusTransport(this);
    this.members.add(transport);
    return transport;
  }

  /** The next `count` messages reach nobody. */
  lose(count: number): void {
    this.toLose += count;
  }

  /** Stops losing messages. */
  heal(): void {
    this.toLose = 0;
  }

  deliver(text: string): void {
    if (this.toLose > 0) {
      this.toLose -= 1;
      return;
    }
    for (const member of this.members) {
      member.receive(text);
    }
  }

  leave(transport: MemoryBusTransport): void {
    this.members.delete(transport);
  }
}

export class MemoryBusTransport implements BusTransport {
  readonly name = 'memory';
  private events: TransportEvents | undefined;
  private up = false;

  constructor(private readonly network: MemoryBusNetwork) {}

  open(events: TransportEvents): void {
    this.events = events;
    this.connect();
  }

  async send(text: string): Promise<void> {
    if (!this.up) {
      throw new Error('disconnected');
    }
    this.network.deliver(text);
  }

  receive(text: string): void {
    if (this.up) {
      this.events?.message(text);
    }
  }

  disconnect(): void {
    this.up = false;
    this.events?.disconnected('cut off by the test');
  }

  connect(): void {
    this.up = true;
    this.events?.connected();
  }

  async close(): Promise<void> {
    this.up = false;
    this.network.leave(this);
  }
}
