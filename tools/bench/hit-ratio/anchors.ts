import { readFileSync } from 'node:fs';

/** One published reference point: hit ratios (%) of the reference policies at one capacity. */
export interface AnchorPoint {
  capacity: number;
  lru: number;
  arc: number;
  wtinylfu: number;
  opt: number;
}

export interface AnchorTrace {
  trace: string;
  points: AnchorPoint[];
}

const SECTION = /^## (\S+) \(requests=/;
const ROW = /^\|\s*(\d+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*$/;

/** Parses ANCHORS.md: a `## <trace> (requests=…)` heading per trace, then a capacity | LRU | ARC | W-TinyLFU | OPT table. */
export function parseAnchors(markdown: string): AnchorTrace[] {
  const traces: AnchorTrace[] = [];
  let current: AnchorTrace | undefined;
  for (const line of markdown.split('\n')) {
    const section = SECTION.exec(line);
    if (section) {
      current = { trace: section[1], points: [] };
      traces.push(current);
      continue;
    }
    const row = current && ROW.exec(line);
    if (current && row) {
      const [capacity, lru, arc, wtinylfu, opt] = row.slice(1).map(Number);
      current.points.push({ capacity, lru, arc, wtinylfu, opt });
    }
  }
  return traces.filter((trace) => trace.points.length > 0);
}

export function readAnchors(file: string): AnchorTrace[] {
  return parseAnchors(readFileSync(file, 'utf8'));
}
