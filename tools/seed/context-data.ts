import type { JsonObject } from '@strata/contexts';
import type { SeededRandom } from './random';

const WORDS = [
  'cache',
  'review',
  'deploy',
  'schema',
  'latency',
  'owner',
  'rollout',
  'feature',
  'budget',
  'migration',
  'incident',
  'release',
  'pipeline',
  'service',
  'contract',
  'fixture',
  'metric',
  'retry',
  'queue',
  'token',
  'branch',
  'merge',
  'lint',
  'typescript',
  'postgres',
  'redis',
];
const LANGUAGES = ['typescript', 'python', 'go', 'rust', 'java', 'kotlin'];
const TONES = ['concise', 'formal', 'friendly', 'detailed'];

function sentence(random: SeededRandom, words: number): string {
  return Array.from({ length: words }, () => random.pick(WORDS)).join(' ');
}

/**
 * A context document of roughly `targetBytes` of JSON, shaped like what teams store: settings
 * that override the levels above, lists of conventions and notes that make up the bulk.
 */
export function contextData(random: SeededRandom, targetBytes: number, level: string): JsonObject {
  const data: JsonObject = {
    [`${level}Settings`]: { language: random.pick(LANGUAGES), strict: random.next() < 0.7 },
    assistant: { tone: random.pick(TONES), maxTokens: random.pick([512, 1024, 2048, 4096]) },
    conventions: Array.from({ length: random.int(1, 4) }, () => sentence(random, random.int(4, 9))),
  };
  const notes: string[] = [];
  data['notes'] = notes;
  let size = JSON.stringify(data).length;
  while (size < targetBytes) {
    const note = sentence(random, random.int(6, 20));
    notes.push(note);
    size += note.length + 3;
  }
  return data;
}

/** Sizes between 0.5 and 8 KB, log-uniform: most contexts are small, a few are large. */
export function contextSize(random: SeededRandom): number {
  return Math.round(512 * Math.pow(16, random.next()));
}
