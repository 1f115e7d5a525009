import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { machineDescription } from './machine';

/** A markdown file whose sections are each rewritten by the command that measured them. */
interface SectionedFile {
  file: string;
  /** The file's opening, when the first section creates it. */
  header: string;
  /** Markers read `<!-- ${marker}:NAME:start -->`. */
  marker: string;
}

const BENCHMARKS: SectionedFile = {
  file: 'BENCHMARKS.md',
  header:
    '# Benchmarks\n\nEach section is rewritten by the command it names; figures are medians unless said otherwise.\n',
  marker: 'bench',
};

const RELIABILITY: SectionedFile = {
  file: 'RELIABILITY.md',
  header:
    '# Reliability\n\nWhat hostile input, overload, long runs and hard crashes do to Strata, measured on real processes. Each section is rewritten by the command it names.\n',
  marker: 'reliability',
};

/**
 * Replaces one benchmark's section of BENCHMARKS.md (between its markers), leaving the others,
 * and stamps it with the command, the date and the machine.
 */
export function writeBenchmarkSection(name: string, command: string, body: string): void {
  writeSection(BENCHMARKS, name, command, body);
}

/** The same for RELIABILITY.md: the fuzzer's, the overload run's, the soak's and the crash tests' figures. */
export function writeReliabilitySection(name: string, command: string, body: string): void {
  writeSection(RELIABILITY, name, command, body);
}

function writeSection(target: SectionedFile, name: string, command: string, body: string): void {
  const start = `<!-- ${target.marker}:${name}:start -->`;
  const end = `<!-- ${target.marker}:${name}:end -->`;
  const stamp = `Command: \`${command}\` — ${new Date().toISOString().slice(0, 10)} — ${machineDescription()}`;
  const section = `${start}\n${body.trim()}\n\n${stamp}\n${end}`;
  const current = existsSync(target.file) ? readFileSync(target.file, 'utf8') : target.header;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(target.file, next);
}
