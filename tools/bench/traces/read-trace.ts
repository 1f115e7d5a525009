import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';

/** A trace with its keys interned: request i asked for key `keys[i]`, an integer below `distinct`. */
export interface Trace {
  name: string;
  keys: Int32Array;
  distinct: number;
}

const NEWLINE = 0x0a;

/** The trace's name: its file name without `.keys.gz` (or `.gz`). */
export function traceName(file: string): string {
  return basename(file).replace(/(\.keys)?\.gz$/, '');
}

/**
 * Reads a gzip text trace, one key per line, streaming the decompression and interning every key
 * to a dense integer, so that replaying millions of requests touches no strings.
 */
export async function readTrace(file: string): Promise<Trace> {
  const ids = new Map<string, number>();
  let keys = new Int32Array(1 << 16);
  let length = 0;
  let carry = '';
  const internLine = (raw: string): void => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) return;
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    if (length === keys.length) {
      const grown = new Int32Array(keys.length * 2);
      grown.set(keys);
      keys = grown;
    }
    keys[length++] = id;
  };
  for await (const chunk of createReadStream(file).pipe(createGunzip()) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.toString('latin1', start, end);
      internLine(carry.length > 0 ? carry + piece : piece);
      carry = '';
      start = end + 1;
    }
    carry += chunk.toString('latin1', start);
  }
  internLine(carry);
  return { name: traceName(file), keys: keys.subarray(0, length), distinct: ids.size };
}
