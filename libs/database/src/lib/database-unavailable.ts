/**
 * Whether an error says that the database did not answer (down, paused, unreachable, too slow,
 * busy or refusing connections) rather than that the statement was wrong: a dependency's
 * failure, which the HTTP layer answers 503 with `Retry-After`, never 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  // TypeORM's QueryFailedError copies the driver's fields and keeps the driver's error.
  const cause = (error as { driverError?: unknown }).driverError ?? error;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (CONNECTION_CODES.has(code) || SQLITE_BUSY.test(code)) {
      return true;
    }
    // SQLSTATE class 08: connection exception; 57P0x: shutting down or cannot connect now.
    if (/^08/.test(code) || /^57P0[1-3]$/.test(code) || UNAVAILABLE_SQLSTATES.has(code)) {
      return true;
    }
  }
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((text) => message.includes(text));
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)/;

const UNAVAILABLE_SQLSTATES = new Set([
  // query_canceled: statement_timeout or lock_timeout fired.
  '57014',
  // lock_not_available.
  '55P03',
  // too_many_connections.
  '53300',
]);

/** node-postgres reports its own timeouts and lost connections by message only. */
const UNAVAILABLE_MESSAGES = [
  'Query read timeout',
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'connection timeout',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
];
