import { randomUUID } from 'node:crypto';

/** What an incoming `x-request-id` may be to be kept: short, and safe in a log line or header. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when it is sane, so a trace crosses services; else a new one. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}
