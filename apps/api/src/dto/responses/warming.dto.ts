import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Count, MapOf, Text, Timestamp } from './schema-fields';
import { StrategyFiguresDto, WarmingThrottleDto } from './cache-stats.dto';
import { StartupRunDto } from './startup-run.dto';

/** One strategy in `GET /v1/cache/warming`: the ledger's figures, whether it runs, its success. */
export class StrategyReportDto extends StrategyFiguresDto {
  @ApiProperty({ description: 'Switched on by STRATA_WARMING_STRATEGIES (on-demand always is)' })
  enabled!: boolean;
  @ApiPropertyOptional({
    type: 'number',
    minimum: 0,
    maximum: 1,
    description: 'succeeded / (succeeded + wasted); absent before any entry settled',
  })
  successRate?: number;
}

export class WarmingQueueDto {
  @Count('Proposals waiting') depth!: number;
  @Count('Proposals the queue holds at most (STRATA_WARMING_MAX_QUEUED)') capacity!: number;
}

/** How each key of a run came out. */
export class WarmOutcomesDto {
  @Count('Already cached fresh, or loading: nothing loaded') present!: number;
  @Count('Loaded and stored') loaded!: number;
  @Count('An invalidation overtook the load: nothing stored') overtaken!: number;
  @Count('The load failed (an id that does not exist, the source refused)') failed!: number;
  @Count('The cache is off') disabled!: number;
}

/** A warming run: a scheduled one as recorded, or one asked for with POST /v1/cache/warm. */
export class WarmRunDto {
  @Text('The strategy the run warmed for: a scheduled one, or on-demand') strategy!: string;
  @Timestamp('When it started') at!: string;
  @Count('Keys it proposed') proposed!: number;
  @ApiProperty() outcomes!: WarmOutcomesDto;
  @ApiProperty({ type: [String], description: 'Keys it loaded into the cache, the first 50' })
  warmedKeys!: string[];
  @Count('Source statements it made, its questions and its loads (others running meanwhile too)')
  statements!: number;
  @ApiPropertyOptional({
    description:
      'POST /v1/cache/warm only: false when the run was still going when answered (202), its figures so far',
  })
  complete?: boolean;
}

/** `GET /v1/cache/warming`. */
export class WarmingReportDto {
  @MapOf(StrategyReportDto, 'Every strategy, enabled or not, and on-demand')
  strategies!: Record<string, StrategyReportDto>;
  @ApiPropertyOptional({
    type: 'number',
    minimum: 0,
    maximum: 1,
    description: 'succeeded / (succeeded + wasted) over every strategy; absent before any settled',
  })
  successRate?: number;
  @ApiProperty() queue!: WarmingQueueDto;
  @Count('Warming loads under way') inFlight!: number;
  @Count('Warming loads at most at once (STRATA_WARMING_CONCURRENCY)') concurrency!: number;
  @ApiPropertyOptional({ description: "Warming's share of the source now, and its back-off" })
  throttle?: WarmingThrottleDto;
  @ApiPropertyOptional({
    description:
      'Start-up warming in this process: entries, bytes and time, what it skipped and why',
  })
  startup?: StartupRunDto;
  @ApiProperty({ type: [WarmRunDto], description: 'The last scheduled runs here, newest first' })
  scheduledRuns!: WarmRunDto[];
}
