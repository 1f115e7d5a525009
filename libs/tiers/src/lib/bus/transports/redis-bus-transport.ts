import Redis from 'ioredis';
import type { BusTransport, TransportEvents } from '../bus-transport';

/**
 * Redis pub/sub over two ioredis connections, one subscribed and one publishing (a subscribed
 * connection can do nothing else). Publishing fails fast rather than queueing while Redis is
 * away: a message held back would arrive after the silence it caused was already acted on.
 */
export class RedisBusTransport implements BusTransport {
  readonly name = 'redis';
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(
    url: string,
    private readonly channel: string,
  ) {
    const failFast = { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1000 };
    this.publisher = new Redis(url, failFast);
    // Subscribed again by hand on every connection, so that `connected` means "listening".
    this.subscriber = new Redis(url, { ...failFast, autoResubscribe: false });
    for (const connection of [this.publisher, this.subscriber]) {
      // Errors reach `send` or show as `close`; ioredis reconnects by itself.
      connection.on('error', () => undefined);
    }
  }

  open(events: TransportEvents): void {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) {
        events.message(text);
      }
    });
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(this.channel).then(
        () => events.connected(),
        (error: Error) => {
          events.disconnected(error.message);
          // A connection that cannot subscribe is of no use: start over.
          this.subscriber.disconnect(true);
        },
      );
    });
    this.subscriber.on('close', () => events.disconnected('connection closed'));
  }

  async send(text: string): Promise<void> {
    await this.publisher.publish(this.channel, text);
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
