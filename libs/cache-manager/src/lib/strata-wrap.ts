import type { Cache } from 'cache-manager';
import type { DeserializedData, Keyv } from 'keyv';
import type { StrataKeyvStore } from './strata-keyv-store';

type Lifetime<T> = number | ((value: T) => number);

/** cache-manager's wrap options (its own types are not exported). */
interface WrapOptions<T> {
  ttl?: Lifetime<T>;
  refreshThreshold?: Lifetime<T>;
  raw?: boolean;
}

/**
 * cache-manager's `wrap` over Strata's getOrLoad: the value of `key`, or `fnc`'s, loaded once for
 * every caller on every Cache over the same tiers (and once across processes where the tiers
 * have a load lock), ordered against invalidations, within the source admission gate, and
 * served stale within grace when `fnc` fails. The value is stored as `set` stores it, so `get`
 * reads what `wrap` loaded. `refreshThreshold` is refused: a background refresh outside the
 * single flight is what this replaces.
 */
export function strataWrap(
  keyv: Keyv,
  store: StrataKeyvStore,
  defaultTtl: number | undefined,
): Cache['wrap'] {
  async function wrap<T>(
    key: string,
    fnc: () => T | Promise<T>,
    ttlOrOptions?: Lifetime<T> | WrapOptions<T>,
    refreshThreshold?: Lifetime<T>,
  ): Promise<T | DeserializedData<T> | undefined> {
    const options: WrapOptions<T> =
      typeof ttlOrOptions === 'object' ? ttlOrOptions : { ttl: ttlOrOptions, refreshThreshold };
    if (options.refreshThreshold !== undefined) {
      throw new TypeError(
        "Strata's wrap does not take refreshThreshold: concurrent misses share one load, and an expired value is served stale within grace while the source fails",
      );
    }
    let lifetime: number | undefined;
    const load = async () => {
      const value = await fnc();
      const ttl = typeof options.ttl === 'function' ? options.ttl(value) : options.ttl;
      // Keyv's rule: 0 is no lifetime of its own.
      lifetime = (ttl ?? defaultTtl) || undefined;
      const expires = lifetime === undefined ? undefined : Date.now() + lifetime;
      return keyv.serializeData<T>({ value, expires });
    };
    // Keyv's own key form, so that wrap shares its entries with get and set.
    const stored = await store.getOrLoad(keyv._getKeyPrefix(key), load, () => lifetime);
    const data = await keyv.deserializeData<T>(stored as string | DeserializedData<T>);
    return options.raw === true ? data : data?.value;
  }
  return wrap as Cache['wrap'];
}
