import { createServer, type RequestListener, type Server } from 'node:http';
import type { HttpLimits } from './http-limits';

/**
 * How often Node looks for requests past their timeouts. Its default, 30 s, with the 60 s
 * header timeout, let incomplete headers wait 82 s; a quarter of a second costs a walk over the
 * open connections four times a second.
 */
const CONNECTIONS_CHECKING_INTERVAL_MS = 250;

/** The Node server under Fastify (its `serverFactory`), checking timeouts often enough to keep them. */
export function timeLimitedServer(handler: RequestListener): Server {
  return createServer({ connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS }, handler);
}

/**
 * The timeouts that keep a slow or stalled client from holding a connection: headers within
 * `headersTimeoutMs`, the whole request within `headersTimeoutMs + bodyTimeoutMs`; then 408.
 * Set once the configuration is known, before the server listens.
 */
export function applyTimeouts(server: Server, limits: HttpLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.headersTimeoutMs + limits.bodyTimeoutMs;
}
