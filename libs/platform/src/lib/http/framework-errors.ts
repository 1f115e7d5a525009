import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from '../errors/error-body';

/**
 * Fastify answers a few errors itself, before any route or Nest filter sees the request: a URL
 * it cannot decode, a path segment over the router's limit. Here they get the one error shape,
 * with the status text that goes with their status (a 414 is "URI Too Long").
 */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const statusCode = error.statusCode ?? 400;
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a segment of the path is longer than the server accepts'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'the path is not a valid URL (malformed percent-encoding)'
        : 'the request could not be routed';
  void reply.code(statusCode).send(errorBody(statusCode, message));
}

/**
 * Node hands CONNECT (a proxy's tunnel request) to its own event instead of the router, and
 * without a listener drops the connection unanswered. Here it gets what any other method the
 * path does not serve gets: a 405 with the methods it does, or a 404.
 */
export function answerConnect(
  allowed: (url: string) => string[],
): (request: IncomingMessage, socket: Duplex) => void {
  return (request, socket) => {
    const methods = allowed(request.url ?? '');
    const [statusCode, message] =
      methods.length > 0
        ? [405, `CONNECT is not served here; allowed: ${methods.join(', ')}`]
        : [404, 'no route serves this path'];
    const extra = methods.length > 0 ? `Allow: ${methods.join(', ')}\r\n` : '';
    writeAndClose(socket, statusCode, message, extra);
  };
}

/** An error response in the one shape, written on a socket no request object owns, then closed. */
export function writeAndClose(
  socket: Duplex,
  statusCode: number,
  message: string,
  headers = '',
): void {
  const body = errorBody(statusCode, message);
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${statusCode} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\n${headers}Connection: close\r\n\r\n${text}`,
    );
  }
  // Ends once what was written has been flushed; a client that keeps sending is cut off soon.
  socket.end();
  setTimeout(() => socket.destroy(), 1_000).unref();
}
