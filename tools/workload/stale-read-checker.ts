import { chainDependencies, type ResolvedContext } from '@strata/contexts';
import type { CacheSource } from '@strata/tiers';

/** What a read was served: the key asked for, its JSON text, and where it came from. */
export interface ServedRead {
  key: string;
  /** An entity (or the global context) carries its own version; a resolved context, its chain's. */
  shape: 'entity' | 'context';
  json: string;
  source: CacheSource;
}

/** A served version older than the simulator's last acknowledged write of that entity. */
export interface StaleRead {
  key: string;
  /** The entity whose version was behind (the key itself, or a link of a context's chain). */
  entity: string;
  servedVersion: number;
  expectedVersion: number;
  source: CacheSource;
}

/**
 * The versions the source of truth holds, as the simulator knows them from its own acknowledged
 * writes: it is the only writer, so no source query is needed to know what a read must show.
 * Entities never written are at `seededVersion` (the seed inserts every entity at version 1).
 */
export class VersionLedger {
  private readonly versions = new Map<string, number>();

  constructor(private readonly seededVersion = 1) {}

  acknowledge(entityKey: string, version: number): void {
    this.versions.set(entityKey, Math.max(version, this.versions.get(entityKey) ?? 0));
  }

  expected(entityKey: string): number {
    return this.versions.get(entityKey) ?? this.seededVersion;
  }
}

/** Every entity in what was served whose version is older than the ledger's; empty when fresh. */
export function staleParts(
  read: ServedRead,
  ledger: VersionLedger,
  served = servedVersions(read),
): StaleRead[] {
  const stale: StaleRead[] = [];
  for (const [entity, servedVersion] of served) {
    const expectedVersion = ledger.expected(entity);
    if (servedVersion < expectedVersion) {
      stale.push({ key: read.key, entity, servedVersion, expectedVersion, source: read.source });
    }
  }
  return stale;
}

/** The entity keys in what was served, with their versions. */
export function servedVersions(read: ServedRead): Array<[string, number]> {
  const value = JSON.parse(read.json) as unknown;
  if (read.shape === 'entity') {
    const version = (value as { version?: unknown }).version;
    if (typeof version !== 'number') {
      throw new Error(`${read.key} was served without a version: ${read.json.slice(0, 120)}`);
    }
    return [[read.key, version]];
  }
  const chain = (value as Partial<ResolvedContext>).chain;
  if (!Array.isArray(chain) || chain.length === 0) {
    throw new Error(`${read.key} was served without a chain: ${read.json.slice(0, 120)}`);
  }
  const entities = chainDependencies(chain);
  return chain.map((link, index) => [entities[index], link.version]);
}
