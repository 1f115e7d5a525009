import type { FastifyRequest } from 'fastify';

const DISCONNECT_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Whether the error only says that the client went away (it closed the connection while its
 * body was being read): nothing to answer and no fault of the server, so not an ERROR.
 */
export function isClientDisconnect(error: unknown, request: FastifyRequest): boolean {
  // Duck-typed: errors raised by Node's own streams may come from another realm (Jest's vm).
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const { code, message } = error as Partial<NodeJS.ErrnoException>;
  const gone = request.raw.socket?.destroyed !== false || request.raw.aborted;
  return gone && (DISCONNECT_CODES.has(code ?? '') || message === 'aborted');
}
