import { isJsonObject, type JsonObject } from './json';

/**
 * Merges a more specific context over a more general one (DESIGN §1): objects merge key by
 * key, arrays and scalars of the override replace, and an explicit null removes the key.
 * Neither input is modified; nulls never survive into the result.
 */
export function mergeContext(base: JsonObject, override: JsonObject): JsonObject {
  const result: JsonObject = { ...base };
  for (const key of Object.keys(override)) {
    const value = override[key];
    if (value === null) {
      delete result[key];
    } else if (isJsonObject(value)) {
      const inherited = result[key];
      result[key] = mergeContext(isJsonObject(inherited) ? inherited : {}, value);
    } else {
      result[key] = value;
    }
  }
  return result;
}
