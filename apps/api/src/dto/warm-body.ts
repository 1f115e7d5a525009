import { ApiPropertyOptional } from '@nestjs/swagger';
import { ENTITY_ID_PATTERN, ENTITY_ID_RULE } from '@strata/platform';
import { SCHEDULED_STRATEGIES } from '@strata/warming';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  Matches,
  ValidateIf,
} from 'class-validator';
import { CACHE_KEY_PATTERN, CACHE_KEY_RULE } from './invalidate-body';

/** Keys one request may name: a run answers when all of them are loaded. */
export const MAX_WARM_KEYS = 100;

/** Left out, or valid: IsOptional() would also let a null through, which then counted as named. */
const Omitted = () => ValidateIf((_body: object, value: unknown) => value !== undefined);

/** Body of POST /v1/cache/warm: exactly one of the three. */
export class WarmBody {
  @ApiPropertyOptional({
    type: [String],
    minItems: 1,
    maxItems: MAX_WARM_KEYS,
    example: ['context:task:t1', 'user:u1'],
    description: `Cache keys to warm (${CACHE_KEY_RULE}); at most ${MAX_WARM_KEYS}`,
  })
  @Omitted()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_WARM_KEYS)
  @IsString({ each: true })
  @Matches(CACHE_KEY_PATTERN, { each: true, message: `each of keys: ${CACHE_KEY_RULE}` })
  keys?: string[];

  @ApiPropertyOptional({
    enum: SCHEDULED_STRATEGIES,
    example: 'recent-most-read',
    description:
      'A scheduled strategy to run now, as its job would; the others run on reads and events',
  })
  @Omitted()
  @IsIn(SCHEDULED_STRATEGIES, {
    message: `strategy must be one of ${SCHEDULED_STRATEGIES.join(', ')} (the others run on reads and events)`,
  })
  strategy?: string;

  @ApiPropertyOptional({
    example: 'p1',
    description: `A project whose contexts to warm: its own, its branches', its recently updated tasks' (${ENTITY_ID_RULE})`,
  })
  @Omitted()
  @IsString()
  @Matches(ENTITY_ID_PATTERN, { message: `project: ${ENTITY_ID_RULE}` })
  project?: string;
}
