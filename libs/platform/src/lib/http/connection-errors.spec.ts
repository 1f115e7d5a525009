import fastify, { type FastifyInstance } from 'fastify';
import { connect, type AddressInfo } from 'node:net';
import { ConnectionErrors } from './connection-errors';
import { DEFAULT_HTTP_LIMITS } from './http-limits';
import { applyTimeouts, timeLimitedServer } from './http-server-factory';

describe('ConnectionErrors', () => {
  let server: FastifyInstance;
  let releaseWrite: () => void;
  let writeBegun: Promise<void>;
  let timedOut: Promise<void>;
  let handled: string[];

  beforeEach(async () => {
    const errors = new ConnectionErrors();
    let noteTimeout: () => void;
    timedOut = new Promise((resolve) => (noteTimeout = resolve));
    let noteWrite: () => void;
    writeBegun = new Promise((resolve) => (noteWrite = resolve));
    const released = new Promise<void>((resolve) => (releaseWrite = resolve));
    handled = [];
    server = fastify({
      serverFactory: timeLimitedServer,
      clientErrorHandler: (error, socket) => {
        errors.answer(error, socket);
        noteTimeout();
      },
    });
    errors.guard(server);
    server.post('/write', async () => {
      handled.push('write');
      noteWrite();
      await released;
      return { written: true };
    });
    server.get('/read', async () => {
      handled.push('read');
      return {};
    });
    applyTimeouts(server.server, {
      ...DEFAULT_HTTP_LIMITS,
      headersTimeoutMs: 100,
      bodyTimeoutMs: 100,
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(() => server.close());

  it('answers a write under way before the timeout of the request pipelined after it', async () => {
    const socket = connect((server.server.address() as AddressInfo).port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    // A whole write, then a request whose headers never end.
    socket.write(
      'POST /write HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}' +
        'GET /read HTTP/1.1\r\nhost: x\r\n',
    );
    await writeBegun;
    await timedOut;
    releaseWrite();
    await closed;
    const answers = Buffer.concat(chunks).toString();
    // Both answers, in the order of their requests: the write's outcome, then the 408.
    expect(answers.indexOf('HTTP/1.1 200')).toBe(0);
    expect(answers.indexOf('{"written":true}')).toBeGreaterThan(0);
    expect(answers.indexOf('HTTP/1.1 408')).toBeGreaterThan(answers.indexOf('{"written":true}'));
    expect(handled).toEqual(['write']);
  });
});
