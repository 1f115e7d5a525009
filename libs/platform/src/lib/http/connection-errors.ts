import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { finished } from 'node:stream';
import { writeAndClose } from './framework-errors';

const CLIENT_ERRORS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request was not received in time'],
  HPE_HEADER_OVERFLOW: [431, 'the request headers are too large'],
};

/**
 * The errors Node reports on a connection before there is a request object to answer them (a
 * header or request timeout, malformed HTTP, oversized headers), answered on the socket in the
 * one error shape, in order with the connection's requests.
 *
 * Node reports a request timeout while the request's bytes are still arriving, and its parser
 * goes on reading them after the 408 has been written: the request then reached its handler and
 * ran, though its client had been told it was not received (found by the fuzzer: a POST
 * /v1/agents answered 408 created its agent, and a client that retries creates it twice). So an
 * error answered on a connection ends it there: no request on it that had not yet reached its
 * handler ever does, and the requests whose handlers had begun (a write may be under way) are
 * answered first, with their outcome; the error follows them, then the connection closes.
 */
export class ConnectionErrors {
  /** Per connection, the responses of requests whose handlers have begun and not yet finished. */
  private readonly underWay = new WeakMap<Socket, Set<ServerResponse>>();
  /** Connections an error has ended: none of their requests reaches a handler any more. */
  private readonly ended = new WeakSet<Socket>();

  /** Fastify's `clientErrorHandler`. A client that is already gone gets nothing. */
  readonly answer = (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed || this.ended.has(socket)) {
      return;
    }
    this.ended.add(socket);
    const [statusCode, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
      400,
      'the request is not valid HTTP',
    ];
    const pending = this.underWay.get(socket);
    if (pending === undefined || pending.size === 0) {
      writeAndClose(socket, statusCode, message);
      return;
    }
    let left = pending.size;
    for (const response of pending) {
      finished(response, () => {
        left -= 1;
        if (left === 0) {
          writeAndClose(socket, statusCode, message);
        }
      });
    }
  };

  /**
   * Keeps the order above: runs just before each handler, once the whole request has been
   * received (Node's timeouts never fire after that).
   */
  guard(fastify: FastifyInstance): void {
    fastify.addHook('preHandler', (request, reply, done) => {
      const socket = request.raw.socket;
      if (this.ended.has(socket)) {
        // Its connection has been answered and is closing: the handler must not run.
        void reply.hijack();
        done();
        return;
      }
      this.track(socket, reply.raw);
      done();
    });
  }

  private track(socket: Socket, response: ServerResponse): void {
    let pending = this.underWay.get(socket);
    if (pending === undefined) {
      pending = new Set();
      this.underWay.set(socket, pending);
    }
    const responses = pending;
    responses.add(response);
    finished(response, () => responses.delete(response));
  }
}
