import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** What a figure was measured on, written beside it: these machines differ and are noisy. */
export function machineDescription(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((text) => text.startsWith('model name'));
    model = line?.split(':')[1]?.trim() ?? model;
  } catch {
    // Not Linux: os.cpus() already named the model.
  }
  return `${model}, ${cpus().length} cores, Node ${process.version}`;
}
