import type { DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ContextCacheOptions } from './context-cache.module-definition';
import { ContextCacheModule } from './context-cache.module';
import type { CONTEXT_CACHE_CONFIG } from './context-cache-config';
import {
  contextCacheOptionsFromServer,
  type CacheServerConfig,
} from './context-cache-options-from-server';

type CacheSections = typeof CONTEXT_CACHE_CONFIG;
type SectionOf<K extends keyof CacheSections> = ReturnType<CacheSections[K]>['config'];

/**
 * The one cache module of an application whose validated configuration has a `server` section and
 * CONTEXT_CACHE_CONFIG's: the api and the warmer configure it alike. `local` names a test's own
 * schema or key prefix.
 */
export function contextCacheFromConfig(
  local: Pick<ContextCacheOptions, 'schema' | 'redisKeyPrefix'> = {},
): DynamicModule {
  return ContextCacheModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService) => {
      const section = <K extends keyof CacheSections>(name: K) =>
        config.getOrThrow<SectionOf<K>>(name);
      return contextCacheOptionsFromServer(
        config.getOrThrow<CacheServerConfig>('server'),
        {
          ttlPolicy: section('ttlPolicy'),
          volatility: section('volatility'),
          sharedTiers: section('sharedTiers'),
          sourceAdmission: section('sourceAdmission'),
          bus: section('bus'),
        },
        local,
      );
    },
  });
}
