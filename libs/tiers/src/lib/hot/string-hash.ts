/**
 * FNV-1a over the key's UTF-16 code units, finished with a murmur-style mix so that the sketch's
 * rows get well-spread bits. Computed once per node; on a miss once per lookup.
 */
export function hashString(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}
