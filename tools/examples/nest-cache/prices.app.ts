import { CACHE_MANAGER, CacheInterceptor, CacheKey, CacheTTL } from '@nestjs/cache-manager';
import {
  Controller,
  Delete,
  Get,
  Inject,
  Injectable,
  Module,
  Param,
  UseInterceptors,
} from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { StrataCacheModule, type StrataCacheManager } from '@strata/cache-manager';
import { TIER_STORES, TierStoresModule, TiersModule, type TierStores } from '@strata/tiers';

/** Stands for your slow source of truth: a database, another service. */
@Injectable()
export class PriceSource {
  async price(sku: string): Promise<{ sku: string; cents: number }> {
    return { sku, cents: 100 * sku.length };
  }
}

/** CacheInterceptor caches every GET here: by URL, or under @CacheKey, for @CacheTTL ms. */
@Controller('prices')
@UseInterceptors(CacheInterceptor)
export class PricesController {
  constructor(private readonly source: PriceSource) {}

  @Get('featured')
  @CacheKey('prices:featured')
  @CacheTTL(30_000) // milliseconds, as in cache-manager 7
  featured() {
    return this.source.price('featured');
  }

  @Get(':sku')
  bySku(@Param('sku') sku: string) {
    return this.source.price(sku);
  }
}

/** The Cache itself: wrap loads once however many ask at once; deleteByPrefix drops a group. */
@Controller('quotes')
export class QuotesController {
  constructor(
    private readonly source: PriceSource,
    @Inject(CACHE_MANAGER) private readonly cache: StrataCacheManager,
  ) {}

  @Get(':sku')
  quote(@Param('sku') sku: string) {
    return this.cache.wrap(`quotes:${sku}`, () => this.source.price(sku), 10_000);
  }

  @Delete()
  async clear() {
    return { removed: await this.cache.deleteByPrefix('quotes:') };
  }
}

// The warm and cold tiers in one SQLite file (the embedded default); PostgreSQL works the same,
// and `warmStore: 'redis'` with a `redisUrl` puts the warm tier in Redis.
const tierStores = TierStoresModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService) => ({
    databaseUrl: config.get('CACHE_DATABASE_URL', 'sqlite:cache.sqlite'),
    warmStore: 'database' as const,
  }),
});

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    TiersModule.forRootAsync({
      imports: [tierStores],
      inject: [TIER_STORES],
      useFactory: (stores: TierStores) => ({ enabled: true, ...stores }),
      isGlobal: true,
    }),
    StrataCacheModule.register({ ttl: 60_000, isGlobal: true }),
  ],
  controllers: [PricesController, QuotesController],
  providers: [PriceSource],
})
export class PricesAppModule {}
