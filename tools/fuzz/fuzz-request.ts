/** One request as it goes on the wire, and what the generator knows about it. */
export interface FuzzRequest {
  /** The operation it was made for (`METHOD /path`), or `unrouted` for odd paths and methods. */
  operation: string;
  /** How it was made: `valid`, or the mutation (for the figures and a finding's report). */
  variant: string;
  method: string;
  /** The request target as sent: path and query, not necessarily well-formed. */
  target: string;
  /** Sent as given, repeated names included, after `host` and `connection: close`. */
  headers: Array<[string, string]>;
  body?: Buffer;
  /**
   * `exact` sends the body's length; a number declares that many bytes whatever is sent (a
   * client that stalls or sends too much); `omit` sends no content-length.
   */
  length: 'exact' | 'omit' | number;
  /** The document says this request is wrong (a wrong type, a missing field…): it must not succeed. */
  invalidPerDocument: boolean;
  /** Method, path and headers are the operation's own, so its declared responses apply. */
  routed: boolean;
  /** Raw bytes instead of a request built from the fields above (garbage, broken HTTP). */
  raw?: Buffer;
}

/** The bytes of the request. */
export function toWire(request: FuzzRequest): Buffer {
  if (request.raw !== undefined) {
    return request.raw;
  }
  const lines = [
    `${request.method} ${request.target} HTTP/1.1`,
    'host: 127.0.0.1',
    'connection: close',
  ];
  for (const [name, value] of request.headers) {
    lines.push(`${name}: ${value}`);
  }
  const body = request.body ?? Buffer.alloc(0);
  if (request.length === 'exact' && request.body !== undefined) {
    lines.push(`content-length: ${body.length}`);
  } else if (typeof request.length === 'number') {
    lines.push(`content-length: ${request.length}`);
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), body]);
}

/** A reproduction someone can paste into a shell: the exact bytes, and how to send them. */
export function reproduction(request: FuzzRequest, port: number): string {
  const wire = toWire(request);
  const shown =
    wire.length > 2_000
      ? `${printable(wire.subarray(0, 2_000))}… (${wire.length} bytes)`
      : printable(wire);
  return [
    `operation: ${request.operation}   variant: ${request.variant}`,
    `bytes: ${shown}`,
    `send:  printf '%b' '${wire.length > 20_000 ? '<too long to paste: see base64>' : shellEscaped(wire)}' | nc -q 5 127.0.0.1 ${port}`,
    ...(wire.length <= 20_000 ? [] : [`base64: ${wire.toString('base64').slice(0, 200)}…`]),
  ].join('\n');
}

function printable(bytes: Buffer): string {
  return JSON.stringify(bytes.toString('latin1'));
}

function shellEscaped(bytes: Buffer): string {
  return [...bytes]
    .map((byte) =>
      byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c
        ? String.fromCharCode(byte)
        : `\\x${byte.toString(16).padStart(2, '0')}`,
    )
    .join('');
}
