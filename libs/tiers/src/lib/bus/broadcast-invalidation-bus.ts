import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import type {
  BusState,
  BusStats,
  InvalidationBus,
  InvalidationMessage,
} from '../core/invalidation-bus';
import { withoutOrigin } from '../cache/invalidation-scope';
import { decodeEnvelope, encodeEnvelope, type BusEnvelope } from './bus-envelope';
import type { BusTransport } from './bus-transport';
import { OriginTracker } from './origin-tracker';

export interface BroadcastBusOptions {
  transport: BusTransport;
  clock: Clock;
  /** This process's name on the bus; unset: a random one, new at every start. */
  origin?: string;
  /** How often this process says it is alive (and which number it is at). */
  heartbeatMs: number;
  /** An origin not heard for this long is lost; unset: three heartbeats and a half. */
  silenceMs?: number;
}

type Handler = (message: InvalidationMessage) => void;

/**
 * Invalidations broadcast over a transport (Redis pub/sub, PostgreSQL NOTIFY, a SQLite log),
 * numbered per origin, with heartbeats, so that a receiver notices what it missed: a hole in an
 * origin's numbers, an origin gone silent, or its own connection lost. It then tells its
 * `onMissed` listeners, and the cache drops its hot tier (everything there may be older than
 * an invalidation it never heard of); the warm and cold tiers are shared and were invalidated
 * by the writer itself. While the transport is down, `downSince` says since when, and the cache
 * caps what its hot tier may serve.
 */
export class BroadcastInvalidationBus implements InvalidationBus {
  readonly origin: string;
  private readonly handlers = new Set<Handler>();
  private readonly missedListeners = new Set<() => void>();
  private readonly firstConnection: Promise<void>;
  private firstConnected: () => void = () => undefined;
  private readonly tracker: OriginTracker;
  private readonly silenceMs: number;
  private readonly timer: NodeJS.Timeout;
  private seq = 0;
  /** What the transport says of its connection. */
  private transportUp = false;
  /** When this process last heard one of its own messages come back: proof that delivery works. */
  private echoAt = -Infinity;
  /** Whether the bus is delivering: the transport is up and its own echo recent. */
  private connected = false;
  private everConnected = false;
  private closed = false;
  private stateSince: number;
  /** When something was last missed or could not be sent: the bus is degraded for a while after. */
  private troubleAt = -Infinity;
  private readonly counters = {
    published: 0,
    publishFailures: 0,
    received: 0,
    gaps: 0,
    originsLost: 0,
    reconnects: 0,
    hotDrops: 0,
    malformed: 0,
  };
  private lastLagMs: number | undefined;

  constructor(private readonly options: BroadcastBusOptions) {
    this.origin = options.origin ?? randomUUID();
    this.silenceMs = options.silenceMs ?? Math.round(options.heartbeatMs * 3.5);
    this.tracker = new OriginTracker(this.silenceMs);
    this.stateSince = options.clock.now();
    this.firstConnection = new Promise((resolve) => (this.firstConnected = resolve));
    options.transport.open({
      message: (text) => this.receive(text),
      connected: () => {
        this.transportUp = true;
        // Its echo has had no time to come back yet.
        this.echoAt = this.now();
        this.evaluate();
      },
      disconnected: () => {
        this.transportUp = false;
        this.evaluate();
      },
    });
    this.timer = setInterval(() => this.tick(), options.heartbeatMs);
    this.timer.unref();
  }

  async publish(message: InvalidationMessage): Promise<void> {
    const scope = withoutOrigin(message);
    // Numbered even when the send fails: the hole it leaves is how receivers learn of the loss.
    this.seq += 1;
    await this.send({
      event: 'invalidate',
      origin: this.origin,
      seq: this.seq,
      sentAt: this.now(),
      scope,
      ...(message.appliedAt === undefined ? {} : { appliedAt: message.appliedAt }),
    });
    this.counters.published += 1;
  }

  subscribe(handler: Handler): () => void {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }

  onMissed(listener: () => void): () => void {
    this.missedListeners.add(listener);
    return () => {
      this.missedListeners.delete(listener);
    };
  }

  /**
   * Resolves once the bus first delivers, or after `timeoutMs` (a bus still down then reports
   * so, and caps the hot tier, until it connects): a process starts with it listening when it can.
   */
  async firstDelivery(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.firstConnection,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  downSince(): number | undefined {
    return this.connected ? undefined : this.stateSince;
  }

  /** Heartbeats and silence checks; the timer calls it, a test with a fake clock may too. */
  tick(): void {
    const lost = this.tracker.silentSince(this.now()).length;
    if (lost > 0) {
      this.counters.originsLost += lost;
      this.missed();
    }
    this.evaluate();
    if (this.transportUp) {
      this.send({
        event: 'heartbeat',
        origin: this.origin,
        seq: this.seq,
        sentAt: this.now(),
      }).catch(() => undefined);
    }
  }

  stats(): BusStats {
    return {
      transport: this.options.transport.name,
      state: this.state(),
      stateSince: this.stateSince,
      ...this.counters,
      ...(this.lastLagMs === undefined ? {} : { lastLagMs: this.lastLagMs }),
      origins: this.tracker.size,
    };
  }

  /** Says goodbye (so that no receiver takes the silence that follows for a crash), then closes. */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    clearInterval(this.timer);
    if (this.connected) {
      await this.send({
        event: 'bye',
        origin: this.origin,
        seq: this.seq,
        sentAt: this.now(),
      }).catch(() => undefined);
    }
    this.handlers.clear();
    this.missedListeners.clear();
    await this.options.transport.close();
  }

  private state(): BusState {
    if (!this.connected) {
      return 'down';
    }
    return this.now() - this.troubleAt < this.silenceMs ? 'degraded' : 'up';
  }

  private async send(envelope: BusEnvelope): Promise<void> {
    try {
      await this.options.transport.send(encodeEnvelope(envelope));
    } catch (error) {
      if (envelope.event === 'invalidate') {
        this.counters.publishFailures += 1;
        this.troubleAt = this.now();
      }
      throw error;
    }
  }

  private receive(text: string): void {
    const envelope = decodeEnvelope(text);
    if (envelope === undefined) {
      this.counters.malformed += 1;
      return;
    }
    if (envelope.origin === this.origin) {
      this.echoAt = this.now();
      this.evaluate();
      return;
    }
    const observation = this.tracker.observe(envelope, this.now());
    if (observation === 'gap') {
      this.counters.gaps += 1;
      this.missed();
    }
    if (envelope.event !== 'invalidate' || observation === 'duplicate') {
      return;
    }
    this.counters.received += 1;
    this.lastLagMs = Math.max(0, this.now() - envelope.sentAt);
    const message = {
      ...envelope.scope,
      origin: envelope.origin,
      ...(envelope.appliedAt === undefined ? {} : { appliedAt: envelope.appliedAt }),
    } as InvalidationMessage;
    for (const handler of [...this.handlers]) {
      handler(message);
    }
  }

  /**
   * Moves between delivering and not. A transport that closed went down when it said so; one
   * whose own messages stopped coming back (a paused Redis keeps its sockets open) was last
   * known to deliver at its last echo, and its hot entries are capped from then.
   */
  private evaluate(): void {
    const now = this.now();
    const echoing = now - this.echoAt <= this.silenceMs;
    const delivering = this.transportUp && echoing;
    if (delivering === this.connected) {
      return;
    }
    this.connected = delivering;
    if (!delivering) {
      this.stateSince = this.transportUp ? this.echoAt : now;
      return;
    }
    this.stateSince = now;
    // Whatever was sent while this process was not listening is lost to it.
    this.tracker.forgetAll();
    if (this.everConnected) {
      this.counters.reconnects += 1;
      this.missed();
    } else {
      this.everConnected = true;
      this.firstConnected();
      // Entries loaded before the first connection were never covered by the bus either.
      this.dropHot();
    }
  }

  private missed(): void {
    this.troubleAt = this.now();
    this.dropHot();
  }

  private dropHot(): void {
    if (this.missedListeners.size === 0) {
      return;
    }
    this.counters.hotDrops += 1;
    for (const listener of [...this.missedListeners]) {
      listener();
    }
  }

  private now(): number {
    return this.options.clock.now();
  }
}
