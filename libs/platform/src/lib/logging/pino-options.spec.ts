import { Writable } from 'node:stream';
import { createPinoLogger } from './pino-options';
import { secretRedactor, urlPasswords } from './secret-redactor';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, destination };
}

describe('the log lines', () => {
  const redact = secretRedactor(['k-admin-1', ...urlPasswords('redis://:p%40ss@cache:6379')]);

  it('hide configured secrets and URL passwords in messages and errors', () => {
    const { lines, destination } = capture();
    const logger = createPinoLogger({ level: 'info', redact, destination });
    logger.info('key k-admin-1 tried; database postgres://strata:hunter2@db/strata is away');
    logger.error({ err: new Error('AUTH p@ss failed for redis://:p%40ss@cache:6379') }, 'redis');
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'key *** tried; database postgres://strata:***@db/strata is away',
    });
    const error = lines[1]['err'] as { message: string; stack: string };
    expect(error.message).toBe('AUTH *** failed for redis://:***@cache:6379');
    expect(error.stack).not.toContain('p@ss');
    expect(JSON.stringify(lines)).not.toMatch(/k-admin-1|hunter2|p@ss|p%40ss/);
  });

  it('are JSON with a level name and an ISO time, at the configured level', () => {
    const { lines, destination } = capture();
    const logger = createPinoLogger({ level: 'warn', redact, destination });
    logger.info('not at warn');
    logger.warn('at warn');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'at warn', time: expect.stringMatching(/Z$/) }),
    ]);
  });
});
