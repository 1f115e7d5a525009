/** What a transport tells the bus above it. */
export interface TransportEvents {
  /** A message's text, as another process (or this one) sent it. */
  message(text: string): void;
  /** The transport can deliver again (first connection included): anything sent meanwhile is lost. */
  connected(): void;
  /** The transport cannot deliver until it says `connected` again. */
  disconnected(reason: string): void;
}

/**
 * The mechanism under the broadcast bus: moves texts between the processes of one deployment
 * and says when it cannot. It knows nothing of sequences, gaps or the cache: that is the bus's
 * policy. A message sent may come back to its sender; the bus ignores its own.
 */
export interface BusTransport {
  /** `redis`, `postgres` or `sqlite`: reported in the bus's stats. */
  readonly name: string;
  /** Starts delivering to `events`; reconnects by itself after a failure until closed. */
  open(events: TransportEvents): void;
  /** Rejects when the text could not be handed over (it is then lost). */
  send(text: string): Promise<void>;
  close(): Promise<void>;
}
