import { createProgress, duration, type ProgressStream } from './progress';

class FakeStream implements ProgressStream {
  text = '';
  constructor(
    readonly isTTY: boolean,
    readonly columns = 120,
  ) {}
  write(text: string): boolean {
    this.text += text;
    return true;
  }
  get lines(): string[] {
    return this.text.split('\n').filter((line) => line !== '');
  }
}

class FakeClock {
  ms = 1_000_000;
  readonly now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b/;

function plain(ci = false) {
  const stream = new FakeStream(false);
  const stdout = new FakeStream(false);
  const clock = new FakeClock();
  const progress = createProgress('seed', { stream, stdout, now: clock.now, ci });
  return { stream, stdout, clock, progress };
}

describe('progress without a terminal', () => {
  it('writes a line at the start and at the end of a phase, and nothing on stdout', () => {
    const { stream, stdout, clock, progress } = plain();
    const phase = progress.phase('tasks', 2_000);
    for (let i = 0; i < 2_000; i++) phase.tick();
    clock.advance(3_000);
    phase.end();
    expect(stream.lines).toEqual([
      'seed tasks: started, 0/2,000',
      'seed tasks: done, 2,000/2,000 in 3 s',
    ]);
    expect(stdout.text).toBe('');
  });

  it('writes no line in between while ten seconds have not passed, however far it got', () => {
    const { stream, clock, progress } = plain();
    const phase = progress.phase('tasks', 100);
    for (let i = 0; i < 99; i++) {
      clock.advance(90);
      phase.tick();
    }
    expect(stream.lines).toHaveLength(1);
  });

  it('writes at most one line per tenth of the total on a slow phase, with an ETA', () => {
    const { stream, clock, progress } = plain();
    const phase = progress.phase('tasks', 1_000);
    for (let i = 0; i < 1_000; i++) {
      clock.advance(1_000);
      phase.tick();
    }
    phase.end();
    const between = stream.lines.slice(1, -1);
    expect(between.length).toBeGreaterThanOrEqual(8);
    expect(between.length).toBeLessThanOrEqual(9);
    expect(between[0]).toBe('seed tasks: 100/1,000 (10%), 1 m 40 s elapsed, ETA 15 m 00 s');
    expect(stream.lines.at(-1)).toBe('seed tasks: done, 1,000/1,000 in 16 m 40 s');
    expect(stream.text).not.toMatch(ANSI);
  });

  it('writes a line once ten seconds have passed after a tenth was reached too soon', () => {
    const { stream, clock, progress } = plain();
    const phase = progress.phase('run', 60, 's');
    clock.advance(6_000);
    phase.set(6);
    expect(stream.lines).toHaveLength(1);
    clock.advance(4_000);
    phase.set(10);
    expect(stream.lines.at(-1)).toBe('seed run: 10/60 s (16%), 10 s elapsed, ETA 50 s');
  });

  it('ends the open phase when the next one starts, and ignores calls after the end', () => {
    const { stream, progress } = plain();
    const first = progress.phase('projects', 5);
    first.tick(5);
    progress.phase('tasks', 10);
    first.tick();
    first.end();
    progress.close();
    expect(stream.lines).toEqual([
      'seed projects: started, 0/5',
      'seed projects: done, 5/5 in 0 s',
      'seed tasks: started, 0/10',
      'seed tasks: done, 0/10 in 0 s',
    ]);
  });

  it('prints the tool output on stdout as it is, and notes on the progress stream', () => {
    const { stream, stdout, progress } = plain();
    progress.phase('tasks', 10);
    progress.print('{"figure":1}');
    progress.note('seeding sqlite');
    progress.close();
    expect(stdout.text).toBe('{"figure":1}\n');
    expect(stream.lines).toContain('seeding sqlite');
  });

  it('writes plain lines on a terminal when CI is set', () => {
    const stream = new FakeStream(true);
    const progress = createProgress('bench', { stream, stdout: new FakeStream(true), ci: true });
    progress.phase('rounds', 3).tick(3);
    progress.close();
    expect(stream.text).not.toMatch(ANSI);
    expect(stream.lines).toHaveLength(2);
  });
});

describe('progress on a terminal', () => {
  function terminal() {
    const stream = new FakeStream(true);
    const stdout = new FakeStream(true);
    const clock = new FakeClock();
    const progress = createProgress('bench:hot', { stream, stdout, now: clock.now, ci: false });
    return { stream, stdout, clock, progress };
  }

  it('draws a bar with the count and an ETA on the progress stream', () => {
    const { stream, stdout, clock, progress } = terminal();
    const phase = progress.phase('rounds', 4);
    clock.advance(5_000);
    phase.tick();
    progress.print('a line of output');
    phase.end();
    expect(stream.text).toMatch(ANSI);
    expect(stream.text).toContain('bench:hot rounds [');
    expect(stream.text).toContain('1/4 25% 5 s, ETA 15 s');
    // The bar is drawn last, after its line was cleared for the output.
    expect(stream.text.lastIndexOf('\r\x1b[2K')).toBeLessThan(stream.text.lastIndexOf('1/4'));
    expect(stdout.text).toBe('a line of output\n');
    // No saved cursor to return to: the bar stays below the output printed above it.
    expect(stream.text).not.toContain('\x1b7');
  });

  it('draws the whole bar on a pseudo-terminal that reports no width', () => {
    const stream = new FakeStream(true, 0);
    const progress = createProgress('seed', { stream, stdout: new FakeStream(true), ci: false });
    progress.phase('entities', 10);
    progress.close();
    expect(stream.text).toContain('0/10 0% 0 s, ETA ?');
  });

  it('cuts the bar to the terminal width, so that it never wraps', () => {
    const stream = new FakeStream(true, 40);
    const progress = createProgress('bench:hot', {
      stream,
      stdout: new FakeStream(true),
      ci: false,
    });
    progress.phase('a phase with a long name', 10).tick();
    progress.close();
    const drawn = stream.text
      .replaceAll('\x1b[K', '\n')
      .split(/[\r\n]/)
      .filter((part) => part.includes('['));
    expect(drawn.length).toBeGreaterThan(0);
    for (const part of drawn) expect(part.length).toBeLessThan(40);
  });

  it('stops redrawing once closed', () => {
    jest.useFakeTimers();
    try {
      const { stream, progress } = terminal();
      progress.phase('rounds', 4).tick();
      progress.close();
      const written = stream.text.length;
      jest.advanceTimersByTime(5_000);
      expect(stream.text.length).toBe(written);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('duration', () => {
  it.each([
    [400, '0 s'],
    [59_400, '59 s'],
    [61_000, '1 m 01 s'],
    [3_600_000 + 120_000, '1 h 02 m'],
  ])('%d ms is %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});
