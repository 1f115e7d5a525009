import type { InvalidationTarget } from '../core/tier-store';

/**
 * The wire format's version. It is part of the channel name, so that during a rolling upgrade
 * replicas of two formats never read each other's messages: they simply do not hear each other,
 * which the origin tracking treats like any other silence.
 */
export const BUS_FORMAT_VERSION = 1;

/** The channel (Redis), the notification channel (PostgreSQL) and the log's tag (SQLite). */
export function busChannel(namespace = ''): string {
  return `${namespace}strata:invalidations:v${BUS_FORMAT_VERSION}`;
}

/**
 * One message on the bus. Every replica numbers what it publishes from 1, per process: `seq` of
 * an invalidation is its number; a heartbeat or a goodbye carries the number of the last
 * invalidation sent, so that a receiver also notices losing the last one before a quiet spell.
 */
export type BusEnvelope =
  | {
      event: 'invalidate';
      origin: string;
      seq: number;
      sentAt: number;
      scope: InvalidationTarget;
      /** Optional within format 1: a receiver that does not know it judges by arrival. */
      appliedAt?: Readonly<Record<string, number>>;
    }
  | { event: 'heartbeat' | 'bye'; origin: string; seq: number; sentAt: number };

export function encodeEnvelope(envelope: BusEnvelope): string {
  return JSON.stringify(envelope);
}

/** The envelope in the text, or undefined when it is not one of this version. */
export function decodeEnvelope(text: string): BusEnvelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const { event, origin, seq, sentAt, scope, appliedAt } = value as Record<string, unknown>;
  if (
    typeof origin !== 'string' ||
    !Number.isSafeInteger(seq) ||
    (seq as number) < 0 ||
    typeof sentAt !== 'number'
  ) {
    return undefined;
  }
  const header = { origin, seq: seq as number, sentAt };
  if (event === 'heartbeat' || event === 'bye') {
    return { event, ...header };
  }
  const target = event === 'invalidate' ? asTarget(scope) : undefined;
  if (target === undefined) {
    return undefined;
  }
  const stamps = asStamps(appliedAt);
  return stamps === undefined
    ? { event: 'invalidate', ...header, scope: target }
    : { event: 'invalidate', ...header, scope: target, appliedAt: stamps };
}

/** Domain → stamp, each a safe integer; anything else is dropped (the receiver judges by arrival). */
function asStamps(value: unknown): Record<string, number> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([, stamp]) => Number.isSafeInteger(stamp))
    ? (Object.fromEntries(entries) as Record<string, number>)
    : undefined;
}

function asTarget(value: unknown): InvalidationTarget | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const { kind, key, dependency, type } = value as Record<string, unknown>;
  if (kind === 'key' && typeof key === 'string') {
    return { kind, key };
  }
  if (kind === 'dependency' && typeof dependency === 'string') {
    return { kind, dependency };
  }
  if (kind === 'type' && typeof type === 'string') {
    return { kind, type };
  }
  return undefined;
}
