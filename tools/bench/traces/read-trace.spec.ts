import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readTrace, traceName } from './read-trace';

describe('readTrace', () => {
  const directory = mkdtempSync(join(tmpdir(), 'trace-'));
  afterAll(() => rmSync(directory, { recursive: true }));

  it('interns keys in order of first appearance, across CRLF and a missing final newline', async () => {
    const file = join(directory, 'sample.keys.gz');
    writeFileSync(file, gzipSync('a\r\nb\na\n\nc\nb'));
    const trace = await readTrace(file);
    expect(trace.name).toBe('sample');
    expect(Array.from(trace.keys)).toEqual([0, 1, 0, 2, 1]);
    expect(trace.distinct).toBe(3);
  });

  it('keeps lines split across decompressed chunks whole', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `key-${i % 1000}`);
    const file = join(directory, 'large.keys.gz');
    writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
    const trace = await readTrace(file);
    expect(trace.keys.length).toBe(200_000);
    expect(trace.distinct).toBe(1000);
    expect(trace.keys[123_456]).toBe(456);
  });

  it('names a trace after its file', () => {
    expect(traceName('/x/lirs-loop.keys.gz')).toBe('lirs-loop');
  });
});
