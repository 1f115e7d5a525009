import { isJsonObject } from './json';

export const CONTEXT_DATA_LIMITS = {
  /** Nesting depth of objects and arrays; deeper documents are refused before they reach a recursive merge. */
  maxDepth: 32,
  /** Size of the JSON text of one entity's data. */
  maxBytes: 512 * 1024,
} as const;

/**
 * Why `data` is not an acceptable context, or undefined when it is: a JSON object within the
 * depth and size limits, without `__proto__` keys (which would reach object prototypes on merge)
 * and without numbers JSON cannot hold.
 */
export function contextDataProblem(data: unknown): string | undefined {
  if (!isJsonObject(data)) {
    return 'data must be a JSON object';
  }
  const structural = structureProblem(data, 1);
  if (structural) {
    return structural;
  }
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > CONTEXT_DATA_LIMITS.maxBytes) {
    return `data is ${bytes} bytes of JSON; the limit is ${CONTEXT_DATA_LIMITS.maxBytes}`;
  }
  return undefined;
}

function structureProblem(value: unknown, depth: number): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // JSON.parse reads 1e400 as Infinity, which would be stored as null: a key removal.
    return 'data holds a number beyond the range of a double';
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  if (depth > CONTEXT_DATA_LIMITS.maxDepth) {
    return `data is nested deeper than ${CONTEXT_DATA_LIMITS.maxDepth} levels`;
  }
  const children = Array.isArray(value) ? value : Object.values(value);
  if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, '__proto__')) {
    return 'data may not contain a "__proto__" key';
  }
  for (const child of children) {
    const problem = structureProblem(child, depth + 1);
    if (problem) {
      return problem;
    }
  }
  return undefined;
}
