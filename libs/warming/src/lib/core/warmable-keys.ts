import type { LoadRequest } from '@strata/tiers';

/**
 * How a key is loaded, exactly as a read of it would load it: `CachedContexts.requestFor` in the
 * apps. An interface here so that the service is tested without the source of truth.
 */
export abstract class WarmableKeys {
  abstract requestFor(key: string): LoadRequest | undefined;
}
