import { EventEmitter } from 'node:events';
import type { StrataCache } from '@strata/tiers';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { KEY_SEPARATOR, KeyPrefixes } from './key-prefixes';

export interface StrataKeyvStoreOptions {
  /** Entry type in the tiers: their placement, byte budgets and statistics. */
  type?: string;
  /** What the tiers' keys of this store start with; ends with `:`. */
  keyPrefix?: string;
}

export const DEFAULT_KEYV_STORE_OPTIONS: Required<StrataKeyvStoreOptions> = {
  type: 'cache-manager',
  keyPrefix: 'cache-manager:',
};

/**
 * A Keyv store over Strata's tiered cache. Keyv hands it keys already namespaced and values
 * already serialised (with their `expires`); it stores them as the tiers' entries, with the TTL
 * Keyv gives in milliseconds as the entry's lifetime, or the placement policy's TTL for the type
 * when there is none. The StrataCache belongs to its module, which closes it: this store owns
 * nothing, so it has no `disconnect`.
 */
export class StrataKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: Required<StrataKeyvStoreOptions>;
  /** Set by Keyv: the first segment of every key it hands over. */
  namespace?: string;
  private readonly prefixes: KeyPrefixes;

  constructor(
    private readonly cache: StrataCache,
    options: StrataKeyvStoreOptions = {},
  ) {
    super();
    this.opts = { ...DEFAULT_KEYV_STORE_OPTIONS, ...options };
    this.prefixes = new KeyPrefixes(this.opts.keyPrefix);
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const cached = await this.cache.get(this.prefixes.tierKey(key));
    return cached === undefined ? undefined : (JSON.parse(cached.json) as StoredData<Value>);
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    const found = await this.cache.getMany(keys.map((key) => this.prefixes.tierKey(key)));
    return keys.map((key) => {
      const cached = found.get(this.prefixes.tierKey(key));
      return cached === undefined ? undefined : (JSON.parse(cached.json) as StoredData<Value>);
    });
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    await this.cache.set(
      this.prefixes.tierKey(key),
      value,
      this.entryOptions(key, () => ttl),
    );
    return true;
  }

  /**
   * The stored value of `key`, or the one `load` produces, loaded once for every caller asking
   * meanwhile (and once across processes where the tiers have a load lock): Strata's single flight.
   */
  async getOrLoad(
    key: string,
    load: () => Promise<unknown>,
    ttlMsOf: () => number | undefined,
  ): Promise<unknown> {
    const tierKey = this.prefixes.tierKey(key);
    const cached = await this.cache.getOrLoad(tierKey, load, this.entryOptions(key, ttlMsOf));
    return JSON.parse(cached.json);
  }

  async delete(key: string): Promise<boolean> {
    return this.cache.delete(this.prefixes.tierKey(key));
  }

  /** True when any of the keys was there. */
  async deleteMany(keys: string[]): Promise<boolean> {
    const deleted = await Promise.all(keys.map((key) => this.delete(key)));
    return deleted.includes(true);
  }

  /**
   * Removes every key that starts with `prefix` (as Keyv hands keys over, namespace included),
   * which must be empty or end with `:`; returns how many entries the tiers removed (a key held in two tiers counts twice).
   */
  async deleteByPrefix(prefix: string): Promise<number> {
    return this.cache.invalidate(this.prefixes.dependencyOf(prefix));
  }

  /** Keyv's `clear`: the namespace's keys, or every key of this store when there is none. */
  async clear(): Promise<void> {
    await this.deleteByPrefix(this.namespace === undefined ? '' : this.namespace + KEY_SEPARATOR);
  }

  private entryOptions(key: string, ttlMsOf: () => number | undefined) {
    return { type: this.opts.type, dependencies: this.prefixes.dependenciesOf(key), ttlMsOf };
  }
}
