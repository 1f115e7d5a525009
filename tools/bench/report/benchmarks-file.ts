import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { machineDescription } from './machine';

const FILE = 'BENCHMARKS.md';
const HEADER =
  '# Benchmarks\n\nEach section is rewritten by the command it names; figures are medians unless said otherwise.\n';

/**
 * Replaces one benchmark's section of BENCHMARKS.md (between its markers), leaving the others,
 * and stamps it with the command, the date and the machine.
 */
export function writeBenchmarkSection(name: string, command: string, body: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const stamp = `Command: \`${command}\` — ${new Date().toISOString().slice(0, 10)} — ${machineDescription()}`;
  const section = `${start}\n${body.trim()}\n\n${stamp}\n${end}`;
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(FILE, next);
}
