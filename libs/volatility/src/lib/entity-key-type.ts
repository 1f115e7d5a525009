/**
 * The entry type a cache key names (DESIGN §2): `task:t1` → `task`, `context:task:t1` →
 * `context`; the global context's key `global` is a context.
 */
export function typeOfKey(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? 'context' : key.slice(0, colon);
}
