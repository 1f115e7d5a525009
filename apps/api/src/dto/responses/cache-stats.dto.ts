import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Count, Integer, MapOf, OneOf, Ratio, Text } from './schema-fields';
import { StartupRunDto } from './startup-run.dto';

/** A tier's occupancy and lookups, overall or for one type. */
export class TierTypeStatsDto {
  @Count() entries!: number;
  @Integer('Bytes held, as measured') bytes!: number;
  @Integer() budgetBytes!: number;
  @Count() evictions!: number;
  @Count('Lookups that found a fresh entry') hits!: number;
  @Count() misses!: number;
  @Count('Entries copied up from the tier below because they are read often') promotions!: number;
  @Count('Entries evicted while fresh and handed to the tier below') demotions!: number;
}

export class TierStatsDto extends TierTypeStatsDto {
  @ApiProperty() configured!: boolean;
  @ApiPropertyOptional({ enum: ['closed', 'open', 'half-open'] }) circuit?: string;
  @ApiProperty({ description: 'False when the store could not report (its figures are then 0)' })
  reachable!: boolean;
}

export class TiersDto {
  @ApiProperty() hot!: TierStatsDto;
  @ApiProperty() warm!: TierStatsDto;
  @ApiProperty() cold!: TierStatsDto;
}

export class TypeTiersDto {
  @ApiProperty() hot!: TierTypeStatsDto;
  @ApiProperty() warm!: TierTypeStatsDto;
  @ApiProperty() cold!: TierTypeStatsDto;
}

/** Answers given to callers. */
abstract class AnswerStatsDto {
  @Count() requests!: number;
  @Count() hits!: number;
  @Count() misses!: number;
  @Count() staleServed!: number;
  @Count('Loader calls: concurrent misses on one key share one') loads!: number;
  @Count() loaderFailures!: number;
  @Count() loaderSoftTimeouts!: number;
  @Count('Loads that outlasted the hard timeout: their callers got the grace value or a 503')
  loaderTimeouts!: number;
  @Count('Loads refused because the source was saturated or the event loop lagged (overload)')
  loadsRefused!: number;
}

export class TypeStatsDto extends AnswerStatsDto {
  @ApiProperty() tiers!: TypeTiersDto;
}

/** The gate between callers and the source of truth (SourceAdmission). */
export class SourceAdmissionStatsDto {
  @Count('Loads running against the source now') running!: number;
  @Count('Loads waiting for a turn now') queued!: number;
  @Count() admitted!: number;
  @Count('New uncached work and writes refused with 503 (overload)') refusedOverloaded!: number;
  @Count('Loads failed at the hard timeout') timedOut!: number;
  @ApiProperty({
    type: 'number',
    description: 'Event-loop lag kept up over the recent samples, ms',
  })
  lagMs!: number;
}

export class SourceStatsDto {
  @Count('Loader calls that reached the source of truth') loads!: number;
  @Count('SQL statements the source of truth ran, every one counted') queries!: number;
  @ApiProperty() admission!: SourceAdmissionStatsDto;
}

/** One warming strategy's figures (DESIGN §6: success is a warmed entry read before it left). */
export class StrategyFiguresDto {
  @Count('Keys proposed') proposed!: number;
  @Count('Proposals the full queue turned away') dropped!: number;
  @Count('Proposals whose key was already cached fresh or loading: nothing loaded')
  present!: number;
  @Count('Loads that stored an entry') warmed!: number;
  @Count('Loads an invalidation overtook: nothing stored') overtaken!: number;
  @Count() failed!: number;
  @Count('Source statements its loads ran in this process (stored or overtaken alike)')
  statements!: number;
  @Count('Warmed entries read before they expired or left the hot tier') succeeded!: number;
  @Count('Warmed entries that expired or left the hot tier unread') wasted!: number;
  @Count('Warmed entries neither read nor expired yet') pending!: number;
}

/** Warming's share of the source (SourceThrottle). */
export class WarmingThrottleDto {
  @Count('Source statements per second warming may run now (0: no limit)')
  statementsPerSecond!: number;
  @OneOf(['off', 'normal', 'backing-off', 'recovering'], "Back-off on the source's latency")
  state!: string;
}

export class WarmingStatsDto {
  @MapOf(StrategyFiguresDto, 'Per strategy') strategies!: Record<string, StrategyFiguresDto>;
  @Count('Proposals waiting') queued!: number;
  @Count('Proposals the queue holds at most') queueCapacity!: number;
  @Count('Warming loads under way') running!: number;
  @ApiPropertyOptional() throttle?: WarmingThrottleDto;
  @ApiPropertyOptional({
    type: 'number',
    description: 'succeeded / (succeeded + wasted), every strategy; absent before any settled',
  })
  successRate?: number;
  @ApiPropertyOptional({ description: 'Start-up warming in this process' })
  startup?: StartupRunDto;
}

/** `GET /v1/cache/stats`. */
export class CacheStatsDto extends AnswerStatsDto {
  @ApiProperty({ description: 'False with STRATA_CACHE=off' }) enabled!: boolean;
  @Text() replicaId!: string;
  @Ratio() hitRatio!: number;
  @Count() invalidations!: number;
  @Count('Invalidations received from other replicas') remoteInvalidations!: number;
  @Count() busFailures!: number;
  @Count() backgroundFailures!: number;
  @ApiProperty() tiers!: TiersDto;
  @MapOf(TypeStatsDto, 'Per entry type') types!: Record<string, TypeStatsDto>;
  @ApiProperty() source!: SourceStatsDto;
  @ApiProperty() warming!: WarmingStatsDto;
}

export const TIER_NAME_VALUES = ['hot', 'warm', 'cold'] as const;

/** `GET /v1/cache/entries/:key`. */
export class EntryInfoDto {
  @Text() key!: string;
  @OneOf(TIER_NAME_VALUES, 'The highest tier holding the entry') tier!: string;
  @ApiProperty({ enum: TIER_NAME_VALUES, isArray: true }) tiers!: string[];
  @Text() type!: string;
  @Integer('Seconds until it expires; 0 once it has') ttlSeconds!: number;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time' }) staleUntil!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [String], description: 'The entity keys it was built from' })
  dependencies!: string[];
  @ApiPropertyOptional({ enum: ['high', 'medium', 'low'] }) band?: string;
  @Integer() sizeBytes!: number;
}

/** `POST /v1/cache/invalidate`. */
export class InvalidatedDto {
  @Count('Entries removed') invalidated!: number;
}
