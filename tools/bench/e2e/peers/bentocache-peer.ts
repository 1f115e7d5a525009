import {
  Controller,
  Get,
  Inject,
  Injectable,
  Patch,
  type DynamicModule,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ContextResolver, contextKey, EntityStore, type ResolutionLevel } from '@strata/contexts';
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisBusDriver, redisDriver } from 'bentocache/drivers/redis';
import { PEER_CONTEXT_TTL_MS } from './peer-kind';
import {
  CONTEXT_ROUTE,
  IdParam,
  LevelParam,
  TASK_PATCH_ROUTE,
  TaskPatchBody,
  type PatchTaskBody,
} from './peer-routes';

const BENTO = Symbol('bentocache');

/** Closes the Redis connections of the cache and its bus with the application. */
@Injectable()
class BentoLifecycle implements OnModuleDestroy {
  constructor(@Inject(BENTO) private readonly bento: BentoCache<never>) {}

  async onModuleDestroy(): Promise<void> {
    await this.bento.disconnectAll();
  }
}

/**
 * BentoCache as its documentation sets up a multi-tier cache: a memory L1, a Redis L2 and the
 * Redis bus that keeps other instances' L1 in step. A PATCH deletes the task's own context
 * entry after the write, as a user of `getOrSet` would; the only dependants a task write has in
 * this benchmark are that entry, so nothing else needs to go.
 */
@Controller('v1')
class BentocachePeerController {
  constructor(
    @Inject(BENTO) private readonly bento: BentoCache<never>,
    private readonly resolver: ContextResolver,
    private readonly store: EntityStore,
  ) {}

  @Get(CONTEXT_ROUTE)
  resolve(@LevelParam() level: ResolutionLevel, @IdParam() id: string) {
    return this.bento.getOrSet({
      key: contextKey(level, id),
      ttl: PEER_CONTEXT_TTL_MS,
      factory: () => this.resolver.resolve(level, id),
    });
  }

  @Patch(TASK_PATCH_ROUTE)
  async patch(@IdParam() id: string, @TaskPatchBody() body: PatchTaskBody) {
    const { entity } = await this.store.patch('task', id, body);
    await this.bento.delete({ key: contextKey('task', id) });
    return entity;
  }
}

export function bentocachePeer(redisUrl: string, keyPrefix: string): DynamicModule {
  const connection = redisConnection(redisUrl);
  return {
    module: class BentocachePeerModule {},
    providers: [
      {
        provide: BENTO,
        useFactory: () =>
          new BentoCache({
            default: 'multitier',
            prefix: keyPrefix,
            stores: {
              multitier: bentostore()
                .useL1Layer(memoryDriver({ maxSize: '100mb' }))
                .useL2Layer(redisDriver({ connection }))
                .useBus(redisBusDriver({ connection })),
            },
          }),
      },
      BentoLifecycle,
    ],
    controllers: [BentocachePeerController],
  };
}

function redisConnection(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db: Number(parsed.pathname.slice(1) || 0),
  };
}
