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

/**
 * Walks the document with an explicit stack rather than recursion, so that no document, however
 * deep, can overflow the call stack here; the walk stops at the first level past the limit.
 */
function structureProblem(root: unknown, rootDepth: number): string | undefined {
  const pending: Array<[unknown, number]> = [[root, rootDepth]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      // JSON.parse reads 1e400 as Infinity, which would be stored as null: a key removal.
      return 'data holds a number beyond the range of a double';
    }
    if (typeof value !== 'object' || value === null) {
      continue;
    }
    if (depth > CONTEXT_DATA_LIMITS.maxDepth) {
      return `data is nested deeper than ${CONTEXT_DATA_LIMITS.maxDepth} levels`;
    }
    if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, '__proto__')) {
      return 'data may not contain a "__proto__" key';
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      pending.push([child, depth + 1]);
    }
  }
  return undefined;
}
