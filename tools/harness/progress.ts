import { Format, SingleBar, type Options } from 'cli-progress';

/**
 * Progress of the long tools (seed, benchmarks, fuzz, soak, crash, overload) on stderr: a bar with
 * an ETA on a terminal, and on anything else (CI logs, a file) a few plain lines per phase. stdout
 * is left to the tools' own output, which tests and CI parse (often its last line).
 */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** Where progress goes (default stderr). */
  stream?: ProgressStream;
  /** The tool's own output, which `print` writes (default stdout). */
  stdout?: ProgressStream;
  /** Milliseconds, for elapsed times and ETAs (default Date.now). */
  now?: () => number;
  /** Plain lines even on a terminal: some CI runners give the job one (default: CI is set). */
  ci?: boolean;
}

export interface Phase {
  /** `by` more of the phase's total done. */
  tick(by?: number): void;
  /** So much of the total done, e.g. the seconds elapsed of a timed run. */
  set(done: number): void;
  /** The phase's last line; once ended, a phase ignores its calls. */
  end(): void;
}

export interface Progress {
  /** A phase of `total` steps (in `unit`, if given); it ends the phase still open, if any. */
  phase(name: string, total: number, unit?: string): Phase;
  /** A line of the tool's output on stdout, the bar cleared around it so that neither garbles. */
  print(line: string): void;
  /** A line of commentary on the progress stream, likewise. */
  note(line: string): void;
  /** Ends the open phase: call it in a finally, since a bar's redraw timer holds the process. */
  close(): void;
}

/** Plain lines: one at most every tenth of the total, and no sooner than ten seconds apart. */
const LINE_SHARE = 0.1;
const LINE_INTERVAL_MS = 10_000;
/** The bar redraws on its own timer: forwarding every thousandth of the total is smooth enough. */
const BAR_STEPS = 1_000;

export function createProgress(tool: string, options: ProgressOptions = {}): Progress {
  return new ToolProgress(tool, {
    stream: options.stream ?? process.stderr,
    stdout: options.stdout ?? process.stdout,
    now: options.now ?? Date.now,
    ci: options.ci ?? Boolean(process.env['CI']),
  });
}

class ToolProgress implements Progress {
  private open: BarPhase | LinePhase | undefined;
  private readonly interactive: boolean;

  constructor(
    private readonly tool: string,
    private readonly options: Required<ProgressOptions>,
  ) {
    this.interactive = options.stream.isTTY === true && !options.ci;
  }

  phase(name: string, total: number, unit = ''): Phase {
    this.close();
    const count = new Count(`${this.tool} ${name}`, total, unit, this.options.now);
    this.open = this.interactive
      ? new BarPhase(count, this.options.stream)
      : new LinePhase(count, this.options.stream);
    return this.open;
  }

  print(line: string): void {
    this.around(() => this.options.stdout.write(`${line}\n`));
  }

  note(line: string): void {
    this.around(() => this.options.stream.write(`${line}\n`));
  }

  close(): void {
    this.open?.end();
    this.open = undefined;
  }

  private around(write: () => void): void {
    if (this.open instanceof BarPhase) this.open.around(write);
    else write();
  }
}

/** What both kinds of phase show: the count, the share, the time spent and the time left. */
class Count {
  done = 0;
  readonly startedAt: number;

  constructor(
    readonly label: string,
    readonly total: number,
    private readonly unit: string,
    readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  get share(): number {
    return this.total > 0 ? Math.min(1, this.done / this.total) : 1;
  }

  /** `120/1,000 (12%), 14 s elapsed, ETA 1 m 43 s`; compact, for a bar on a narrow terminal. */
  figures(compact = false): string {
    const elapsedMs = this.now() - this.startedAt;
    const eta =
      this.done > 0 ? duration((elapsedMs / this.done) * Math.max(0, this.total - this.done)) : '?';
    const share = `${Math.floor(this.share * 100)}%`;
    return compact
      ? `${this.amount()} ${share} ${duration(elapsedMs)}, ETA ${eta}`
      : `${this.amount()} (${share}), ${duration(elapsedMs)} elapsed, ETA ${eta}`;
  }

  amount(): string {
    const suffix = this.unit ? ` ${this.unit}` : '';
    return `${number(this.done)}/${number(this.total)}${suffix}`;
  }
}

const number = (value: number): string => Math.round(value).toLocaleString('en');

/** `42 s`, `3 m 05 s`, `1 h 02 m`: as precise as a person waiting needs. */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const pad = (value: number) => String(value).padStart(2, '0');
  if (seconds < 3600) return `${Math.floor(seconds / 60)} m ${pad(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${pad(Math.floor(seconds / 60) % 60)} m`;
}

class LinePhase implements Phase {
  private ended = false;
  private lineAt: number;
  /** The count at which the clock is next read: the tick itself stays a comparison. */
  private checkAt: number;

  constructor(
    private readonly count: Count,
    private readonly stream: ProgressStream,
  ) {
    this.lineAt = count.startedAt;
    this.checkAt = count.total * LINE_SHARE;
    stream.write(`${count.label}: started, ${count.amount()}\n`);
  }

  tick(by = 1): void {
    this.set(this.count.done + by);
  }

  set(done: number): void {
    if (this.ended) return;
    this.count.done = done;
    if (done < this.checkAt || done >= this.count.total) return;
    const now = this.count.now();
    if (now - this.lineAt >= LINE_INTERVAL_MS) {
      this.stream.write(`${this.count.label}: ${this.count.figures()}\n`);
      this.lineAt = now;
      this.checkAt = done + this.count.total * LINE_SHARE;
    } else {
      // Too soon after the last line: look at the clock again a little further on.
      this.checkAt = done + this.count.total / BAR_STEPS;
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    const elapsed = duration(this.count.now() - this.count.startedAt);
    this.stream.write(`${this.count.label}: done, ${this.count.amount()} in ${elapsed}\n`);
  }
}

class BarPhase implements Phase {
  private ended = false;
  private forwardAt = 0;
  private readonly bar: SingleBar;

  constructor(
    private readonly count: Count,
    private readonly stream: ProgressStream,
  ) {
    const options: Options & { terminal: BarLine } = {
      format: (barOptions, params) =>
        `${count.label} [${Format.BarFormat(params.progress, barOptions)}] ${count.figures(true)}`,
      barsize: 16,
      fps: 5,
      // Redraws even when nothing moved, so that the elapsed time and ETA stay live, and so that
      // `around` can put the bar back after a line of output.
      forceRedraw: true,
      terminal: new BarLine(stream),
    };
    this.bar = new SingleBar(options);
    this.bar.start(count.total, 0);
  }

  tick(by = 1): void {
    this.set(this.count.done + by);
  }

  set(done: number): void {
    if (this.ended) return;
    this.count.done = done;
    if (done >= this.forwardAt || done >= this.count.total) {
      this.bar.update(done);
      this.forwardAt = done + this.count.total / BAR_STEPS;
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.bar.update(this.count.done);
    this.bar.stop();
  }

  /** Clears the bar's line, writes, and draws the bar again below what was written. */
  around(write: () => void): void {
    if (this.ended) {
      write();
      return;
    }
    this.stream.write('\r\x1b[2K');
    write();
    this.bar.render();
  }
}

const leaveAsItIs = (): void => undefined;

/**
 * The one line the bar owns, for cli-progress in place of its own terminal, which saves the cursor
 * at the start and restores it at the end: after lines printed above the bar that position is no
 * longer the bar's, and the restore would draw over the output. This one only ever rewrites the
 * current line, so the bar moves down with whatever `around` writes above it.
 */
class BarLine {
  constructor(private readonly stream: ProgressStream) {}
  isTTY(): boolean {
    return true;
  }
  getWidth(): number {
    // A pseudo-terminal with no size reports 0 columns.
    return this.stream.columns || 80;
  }
  cursorTo(): void {
    this.stream.write('\r');
  }
  clearRight(): void {
    this.stream.write('\x1b[K');
  }
  clearLine(): void {
    this.stream.write('\r\x1b[2K');
  }
  newline(): void {
    this.stream.write('\n');
  }
  /** Cut to the width: a wrapped bar would leave its first half behind on every redraw. */
  write(text: string): void {
    this.stream.write(text.slice(0, this.getWidth() - 1));
  }
  // The cursor, its saved position and the terminal's wrapping are left as they are.
  readonly cursorSave = leaveAsItIs;
  readonly cursorRestore = leaveAsItIs;
  readonly cursor = leaveAsItIs;
  readonly lineWrapping = leaveAsItIs;
  readonly cursorRelativeReset = leaveAsItIs;
  readonly clearBottom = leaveAsItIs;
}
