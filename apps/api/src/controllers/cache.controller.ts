import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { EntityVolatility } from '@strata/context-cache';
import { ENTITY_TYPES, SourceQueryCounter, type EntityType } from '@strata/contexts';
import { EntityIdPipe, RequiresScope } from '@strata/platform';
import { SourceAdmission, StrataCache } from '@strata/tiers';
import { WarmingService } from '@strata/warming';
import { InvalidateBody } from '../dto/invalidate-body';
import {
  CacheStatsDto,
  EntryInfoDto,
  InvalidatedDto,
  StrategyFiguresDto,
  TypeStatsDto,
} from '../dto/responses/cache-stats.dto';
import { VolatilityReportDto } from '../dto/responses/volatility-report.dto';
import { ApiErrors, oneOf } from './api-errors';
import { CacheKeyPipe } from './cache-key.pipe';

/** The cache's admin surface (DESIGN §8 `/v1/cache`): reading needs `read`, changing needs `admin`. */
@ApiTags('cache')
// Named only through a map (stats by type), so registered here.
@ApiExtraModels(TypeStatsDto, StrategyFiguresDto)
@Controller('v1/cache')
export class CacheController {
  constructor(
    private readonly cache: StrataCache,
    private readonly sourceQueries: SourceQueryCounter,
    private readonly volatility: EntityVolatility,
    private readonly admission: SourceAdmission,
    private readonly warming: WarmingService,
  ) {}

  @Get('stats')
  @RequiresScope('read')
  @ApiOkResponse({
    type: CacheStatsDto,
    description:
      'Per tier hits, misses, entries, bytes, budget, evictions, promotions and demotions; per type; the source of truth: loader calls, the SQL statements it ran, and its admission gate (running, queued, refused, timed out, event-loop lag); and warming by strategy (proposed, warmed, succeeded, wasted)',
  })
  @ApiErrors()
  async stats() {
    const stats = await this.cache.stats();
    return {
      ...stats,
      source: {
        loads: stats.loads,
        queries: this.sourceQueries.count,
        admission: this.admission.stats(),
      },
      warming: this.warming.stats(),
    };
  }

  @Get('entries/:key')
  @RequiresScope('read')
  @ApiOkResponse({
    type: EntryInfoDto,
    description: 'Tier, type, TTL, expiry, dependencies and band of one entry',
  })
  @ApiErrors(400, 404)
  async entry(@Param('key', CacheKeyPipe) key: string) {
    const info = await this.cache.entryInfo(key);
    if (!info) {
      throw new NotFoundException(`no cache entry '${key}'`);
    }
    return info;
  }

  @Get('volatility/:type/:id')
  @RequiresScope('read')
  @ApiParam({ name: 'type', enum: ENTITY_TYPES })
  @ApiOkResponse({
    type: VolatilityReportDto,
    description:
      'The volatility score, its band, the TTL and tier a new entry gets now (before jitter), and the inputs f, v, a',
  })
  @ApiErrors(400, 404)
  volatilityOf(
    @Param('type', oneOf('type', ENTITY_TYPES)) type: EntityType,
    @Param('id', EntityIdPipe) id: string,
  ) {
    return this.volatility.report(type, id);
  }

  @Delete('entries/:key')
  @HttpCode(204)
  @RequiresScope('admin')
  @ApiNoContentResponse({ description: 'Removed from every tier' })
  @ApiErrors(400, 404)
  async remove(@Param('key', CacheKeyPipe) key: string): Promise<void> {
    if (!(await this.cache.delete(key))) {
      throw new NotFoundException(`no cache entry '${key}'`);
    }
  }

  @Post('invalidate')
  @HttpCode(200)
  @RequiresScope('admin')
  @ApiOkResponse({ type: InvalidatedDto, description: 'How many entries were removed' })
  @ApiErrors(400, 413)
  async invalidate(@Body() body: InvalidateBody) {
    const named = [body.key, body.type, body.dependency].filter((value) => value !== undefined);
    if (named.length !== 1) {
      throw new BadRequestException('name exactly one of key, type or dependency');
    }
    if (body.key !== undefined) {
      return { invalidated: (await this.cache.delete(body.key)) ? 1 : 0 };
    }
    if (body.type !== undefined) {
      return { invalidated: await this.cache.invalidateType(body.type) };
    }
    return { invalidated: await this.cache.invalidate(body.dependency as string) };
  }
}
