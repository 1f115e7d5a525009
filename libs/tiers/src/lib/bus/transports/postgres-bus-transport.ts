import { Client, type ClientConfig } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { SerialPgSession } from '../../core/serial-pg-session';
import type { BusTransport, TransportEvents } from '../bus-transport';

const RETRY_MS = 500;

/**
 * PostgreSQL LISTEN/NOTIFY on one dedicated session per process, which both listens and
 * notifies (a session hears its own notifications, which the bus takes as its echo). A session
 * that breaks is reopened after a short pause, and listens again before it says `connected`.
 */
export class PostgresBusTransport implements BusTransport {
  readonly name = 'postgres';
  private client: Client | undefined;
  /** The session's notifies, one at a time (every invalidation publishes, many at once). */
  private session: SerialPgSession<Client> | undefined;
  private closed = false;
  private events: TransportEvents | undefined;

  constructor(
    private readonly connection: ClientConfig,
    private readonly channel: string,
  ) {}

  open(events: TransportEvents): void {
    this.events = events;
    void this.connectLoop();
  }

  async send(text: string): Promise<void> {
    if (this.session === undefined) {
      throw new Error('the bus session is not connected');
    }
    await this.session.query('SELECT pg_notify($1, $2)', [this.channel, text]);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    this.session = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connectLoop(): Promise<void> {
    while (!this.closed) {
      const client = new Client({
        connectionTimeoutMillis: 2000,
        query_timeout: 1000,
        ...this.connection,
        // The session stays open: a keep-alive notices a peer that vanished without a FIN.
        keepAlive: true,
      });
      const ended = new Promise<string>((resolve) => {
        client.on('error', (error) => resolve(error.message));
        client.on('end', () => resolve('session ended'));
      });
      try {
        await client.connect();
        client.on('notification', (notification) => {
          if (notification.channel === this.channel && notification.payload !== undefined) {
            this.events?.message(notification.payload);
          }
        });
        await client.query(`LISTEN ${quoteIdentifier(this.channel)}`);
      } catch (error) {
        await client.end().catch(() => undefined);
        this.events?.disconnected((error as Error).message);
        await sleep(RETRY_MS);
        continue;
      }
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.session = new SerialPgSession(client);
      this.events?.connected();
      const reason = await ended;
      if (this.client === client) {
        this.client = undefined;
        this.session = undefined;
      }
      await client.end().catch(() => undefined);
      if (!this.closed) {
        this.events?.disconnected(reason);
        await sleep(RETRY_MS);
      }
    }
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
