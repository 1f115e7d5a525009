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
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { EntityVolatility } from '@strata/context-cache';
import { ENTITY_TYPES, isEntityType, SourceQueryCounter } from '@strata/contexts';
import { EntityIdPipe, RequiresScope } from '@strata/platform';
import { StrataCache } from '@strata/tiers';
import { InvalidateBody } from '../dto/invalidate-body';
import { CacheKeyPipe } from './cache-key.pipe';

/** The cache's admin surface (DESIGN §8 `/v1/cache`): reading needs `read`, changing needs `admin`. */
@ApiTags('cache')
@ApiSecurity('x-api-key')
@Controller('v1/cache')
export class CacheController {
  constructor(
    private readonly cache: StrataCache,
    private readonly sourceQueries: SourceQueryCounter,
    private readonly volatility: EntityVolatility,
  ) {}

  @Get('stats')
  @ApiOkResponse({
    description:
      'Per tier hits, misses, entries, bytes, budget, evictions, promotions and demotions; per type; and the source of truth: loader calls and the SQL statements it ran',
  })
  async stats() {
    const stats = await this.cache.stats();
    return { ...stats, source: { loads: stats.loads, queries: this.sourceQueries.count } };
  }

  @Get('entries/:key')
  @ApiOkResponse({ description: 'Tier, type, TTL, expiry, dependencies and band of one entry' })
  @ApiNotFoundResponse()
  async entry(@Param('key', CacheKeyPipe) key: string) {
    const info = await this.cache.entryInfo(key);
    if (!info) {
      throw new NotFoundException(`no cache entry '${key}'`);
    }
    return info;
  }

  @Get('volatility/:type/:id')
  @ApiParam({ name: 'type', enum: ENTITY_TYPES })
  @ApiOkResponse({
    description:
      'The volatility score, its band, the TTL and tier a new entry gets now (before jitter), and the inputs f, v, a',
  })
  @ApiNotFoundResponse()
  volatilityOf(@Param('type') type: string, @Param('id', EntityIdPipe) id: string) {
    if (!isEntityType(type)) {
      throw new BadRequestException(`type must be one of ${ENTITY_TYPES.join(', ')}`);
    }
    return this.volatility.report(type, id);
  }

  @Delete('entries/:key')
  @HttpCode(204)
  @RequiresScope('admin')
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async remove(@Param('key', CacheKeyPipe) key: string): Promise<void> {
    if (!(await this.cache.delete(key))) {
      throw new NotFoundException(`no cache entry '${key}'`);
    }
  }

  @Post('invalidate')
  @HttpCode(200)
  @RequiresScope('admin')
  @ApiOkResponse({ description: '{invalidated}: how many entries were removed' })
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
