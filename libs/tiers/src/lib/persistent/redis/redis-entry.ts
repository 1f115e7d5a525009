import type { CacheEntry, VolatilityBand } from '../../core/cache-entry';

/** An entry from the flat field list of its hash (HGETALL), as the scripts return it. */
export function entryFromHash(flat: readonly string[]): CacheEntry {
  const fields = new Map<string, string>();
  for (let index = 0; index < flat.length; index += 2) {
    fields.set(flat[index], flat[index + 1]);
  }
  const field = (name: string) => fields.get(name) ?? '';
  const band = field('band');
  const loadCost = field('loadCost');
  const warmedBy = field('warmedBy');
  return {
    key: field('key'),
    type: field('type'),
    json: field('json'),
    dependencies: JSON.parse(field('dependencies')) as string[],
    createdAt: Number(field('createdAt')),
    expiresAt: Number(field('expiresAt')),
    staleUntil: Number(field('staleUntil')),
    ...(band ? { band: band as VolatilityBand } : {}),
    ...(loadCost ? { loadCost: Number(loadCost) } : {}),
    ...(warmedBy ? { warmedBy } : {}),
  };
}
