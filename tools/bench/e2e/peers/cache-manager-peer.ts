import KeyvRedis from '@keyv/redis';
import { CacheInterceptor, CacheModule, CacheTTL } from '@nestjs/cache-manager';
import { Controller, Get, Patch, UseInterceptors, type DynamicModule } from '@nestjs/common';
import { ContextResolver, EntityStore, type ResolutionLevel } from '@strata/contexts';
import { Keyv } from 'keyv';
import { PEER_CONTEXT_TTL_MS } from './peer-kind';
import {
  CONTEXT_ROUTE,
  IdParam,
  LevelParam,
  TASK_PATCH_ROUTE,
  TaskPatchBody,
  type PatchTaskBody,
} from './peer-routes';

/**
 * `@nestjs/cache-manager` as its documentation sets it up: the CacheInterceptor on the GET,
 * cache-manager 7 over an in-memory Keyv and a `@keyv/redis` second layer, entries living their
 * TTL. Nothing invalidates them: the interceptor has no notion of what an answer was built from.
 */
@Controller('v1')
class CacheManagerPeerController {
  constructor(
    private readonly resolver: ContextResolver,
    private readonly store: EntityStore,
  ) {}

  @Get(CONTEXT_ROUTE)
  @UseInterceptors(CacheInterceptor)
  @CacheTTL(PEER_CONTEXT_TTL_MS)
  resolve(@LevelParam() level: ResolutionLevel, @IdParam() id: string) {
    return this.resolver.resolve(level, id);
  }

  @Patch(TASK_PATCH_ROUTE)
  async patch(@IdParam() id: string, @TaskPatchBody() body: PatchTaskBody) {
    return (await this.store.patch('task', id, body)).entity;
  }
}

export function cacheManagerPeer(redisUrl: string, keyPrefix: string): DynamicModule {
  return {
    module: class CacheManagerPeerModule {},
    imports: [
      CacheModule.registerAsync({
        useFactory: () => ({
          stores: [
            new Keyv({ namespace: keyPrefix }),
            new Keyv({ store: new KeyvRedis(redisUrl), namespace: keyPrefix }),
          ],
          ttl: PEER_CONTEXT_TTL_MS,
        }),
      }),
    ],
    controllers: [CacheManagerPeerController],
  };
}
