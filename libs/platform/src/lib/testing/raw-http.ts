import { connect } from 'node:net';

/** What came back over one raw connection. */
export interface RawHttpResponse {
  /** 0 when nothing parseable came back before the connection closed or the bound passed. */
  status: number;
  /** Lower-cased names; a header sent twice keeps both values, joined by ", ". */
  headers: Record<string, string>;
  body: Buffer;
  elapsedMs: number;
  /** The server neither answered nor closed within the bound. */
  timedOut: boolean;
}

export interface RawHttpExchange {
  port: number;
  host?: string;
  /** Sent as it is, byte for byte: malformed HTTP, lying lengths, invalid UTF-8. */
  request: Buffer | string;
  /** Give up after this long. */
  timeoutMs: number;
  /** Close the connection this long after sending, before any answer: a client that goes away. */
  abortAfterMs?: number;
  /**
   * Finish as soon as one whole response has arrived (its Content-Length, its last chunk, or its
   * head for HEAD, 101, 204 and 304) instead of when the server closes: an answer to a request
   * that did not ask to close the connection then is not taken for a hang of the keep-alive
   * timeout.
   */
  untilAnswered?: boolean;
  /**
   * Sent once the first bytes of an answer have arrived: the end of a request that reaches the
   * server only after it has answered (a late body).
   */
  afterAnswer?: Buffer | string;
}

/**
 * One request over its own TCP connection, read until the server closes it: for requests no
 * HTTP client would send. Send `connection: close` to have a well-formed request's answer end
 * the connection; a malformed one is closed by the server anyway.
 */
export function sendRawHttp(exchange: RawHttpExchange): Promise<RawHttpResponse> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(exchange.port, exchange.host ?? '127.0.0.1');
    const chunks: Buffer[] = [];
    let timedOut = false;
    const finish = () => {
      clearTimeout(bound);
      clearTimeout(abort);
      resolve({
        ...parseResponse(Buffer.concat(chunks)),
        elapsedMs: performance.now() - started,
        timedOut,
      });
    };
    const bound = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, exchange.timeoutMs);
    const abort =
      exchange.abortAfterMs === undefined
        ? undefined
        : setTimeout(() => socket.destroy(), exchange.abortAfterMs);
    const head = /^HEAD /i.test(exchange.request.toString('latin1', 0, 5));
    socket.on('data', (chunk: Buffer) => {
      if (chunks.length === 0 && exchange.afterAnswer !== undefined) {
        socket.write(exchange.afterAnswer);
      }
      chunks.push(chunk);
      if (exchange.untilAnswered && isWholeResponse(Buffer.concat(chunks), head)) {
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', finish);
    socket.write(exchange.request);
  });
}

/** Whether `raw` holds one complete response; false when only the server's close can tell. */
function isWholeResponse(raw: Buffer, head: boolean): boolean {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) {
    return false;
  }
  const { status, headers } = parseResponse(raw.subarray(0, headEnd + 4));
  if (head || status === 101 || status === 204 || status === 304) {
    return true;
  }
  if (status < 200) {
    // An interim answer (100 Continue): the final one follows.
    return false;
  }
  const body = raw.subarray(headEnd + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    return body.indexOf('0\r\n\r\n') === 0 || body.indexOf('\r\n0\r\n\r\n') >= 0;
  }
  const length = headers['content-length'];
  return length !== undefined && body.length >= Number(length);
}

function parseResponse(raw: Buffer): Omit<RawHttpResponse, 'elapsedMs' | 'timedOut'> {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) {
    return { status: 0, headers: {}, body: Buffer.alloc(0) };
  }
  const [statusLine, ...lines] = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  let body = raw.subarray(headEnd + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    body = dechunk(body);
  } else if (headers['content-length'] !== undefined) {
    body = body.subarray(0, Number(headers['content-length']));
  }
  return { status, headers, body };
}

function dechunk(encoded: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = encoded.indexOf('\r\n', offset);
    const size = lineEnd < 0 ? 0 : parseInt(encoded.subarray(offset, lineEnd).toString(), 16);
    if (!(size > 0)) {
      return Buffer.concat(parts);
    }
    parts.push(encoded.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}
