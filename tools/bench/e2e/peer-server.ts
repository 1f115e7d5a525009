// A peer of Strata in the same app shape: createHttpApp (Fastify, the same global filter, pipe
// and hooks), the api's configuration pass, LoggingModule and ContextsModule over the same kind
// of source, and the api's routes for a resolved context and a task PATCH, cached by the peer
// named on the command line instead of by Strata. Driven over IPC like server.ts.
import 'reflect-metadata';
import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { SourceQueryCounter } from '@strata/contexts';
import {
  configModuleOptions,
  createHttpApp,
  foundationModules,
  type ServerConfig,
} from '@strata/platform';
import { parseArgs } from 'node:util';
// The peer is configured exactly as the api is, so it reads the api's configuration on purpose.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { API_CONFIG } from '../../../apps/api/src/api-config';
import { bentocachePeer } from './peers/bentocache-peer';
import { cacheManagerPeer } from './peers/cache-manager-peer';
import { isPeerKind, PEER_STATS_PATH, type PeerKind, type PeerStatsBody } from './peers/peer-kind';
import { serveUnderBenchmark } from './server-control';

/** Counts the context reads answered, whichever layer answered them. */
class ReadCounter {
  reads = 0;
}

@Controller()
class PeerStatsController {
  constructor(
    private readonly counter: SourceQueryCounter,
    private readonly reads: ReadCounter,
  ) {}

  @Get(PEER_STATS_PATH.slice(1))
  stats(): PeerStatsBody {
    return { requests: this.reads.reads, sourceQueries: this.counter.count };
  }
}

@Module({})
class PeerAppModule {
  static forRoot(
    config: DynamicModule,
    peer: DynamicModule,
    reads: ReadCounter,
    schema?: string,
  ): DynamicModule {
    return {
      module: PeerAppModule,
      imports: [
        config,
        // The api's own wiring, statement bound included, so that the peers read the same source.
        ...foundationModules(schema),
        peer,
      ],
      providers: [{ provide: ReadCounter, useValue: reads }],
      controllers: [PeerStatsController],
    };
  }
}

function peerModule(kind: PeerKind, redisUrl: string, keyPrefix: string): DynamicModule {
  return kind === 'cacheManager'
    ? cacheManagerPeer(redisUrl, keyPrefix)
    : bentocachePeer(redisUrl, keyPrefix);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      peer: { type: 'string' },
      schema: { type: 'string' },
      redis: { type: 'string' },
      'key-prefix': { type: 'string' },
    },
  });
  const kind = values.peer ?? '';
  if (!isPeerKind(kind) || !values.redis || !values['key-prefix']) {
    throw new Error('usage: peer-server --peer KIND --redis URL --key-prefix P [--schema S]');
  }
  const reads = new ReadCounter();
  const config = await ConfigModule.forRoot(configModuleOptions(API_CONFIG));
  const app = await createHttpApp(
    PeerAppModule.forRoot(
      config,
      peerModule(kind, values.redis, values['key-prefix']),
      reads,
      values.schema,
    ),
  );
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, _reply, done) => {
      if (request.url.startsWith('/v1/contexts/')) {
        reads.reads++;
      }
      done();
    });
  const server = app.get(ConfigService).getOrThrow<ServerConfig>('server');
  await serveUnderBenchmark(app, server.port, server.host);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
