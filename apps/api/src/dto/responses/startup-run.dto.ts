import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Count, Integer, OneOf } from './schema-fields';

/** Why keys of the predicted hot set were not copied into the hot tier. */
export class StartupSkipsDto {
  @Count('Already in the hot tier, fresh') present!: number;
  @Count('No warm or cold entry for the key') absent!: number;
  @Count('Only expired entries in the warm and cold tiers') expired!: number;
  @Count('Older than an invalidation this replica heard of') outdated!: number;
  @Count('Not admitted by the hot tier (too large for its type)') refused!: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Past STRATA_WARMING_STARTUP_MAX_BYTES',
  })
  'over-budget'!: number;
  @Count('No warm or cold tier answered') unavailable!: number;
  @Count('The cache is off') disabled!: number;
}

/** Start-up warming: the predicted hot set copied from the warm tier before the replica is ready. */
export class StartupRunDto {
  @OneOf(
    ['off', 'waiting', 'running', 'done', 'timed-out', 'failed'],
    'Readiness waits while waiting or running; timed-out: STRATA_WARMING_STARTUP_TIME_LIMIT_MS came first',
  )
  state!: string;
  @Count('Keys of the predicted hot set (at most STRATA_WARMING_STARTUP_MAX_ENTRIES)')
  predicted!: number;
  @Count('Entries copied from the warm or cold tier into the hot tier (never from the source)')
  loaded!: number;
  @Integer('Bytes of the entries copied') bytes!: number;
  @ApiProperty() skipped!: StartupSkipsDto;
  @ApiPropertyOptional({ type: 'number', minimum: 0, description: 'Milliseconds it took' })
  ms?: number;
}
