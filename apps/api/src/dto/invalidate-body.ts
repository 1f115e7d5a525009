import { ApiPropertyOptional } from '@nestjs/swagger';
import { ENTITY_TYPES } from '@strata/contexts';
import { IsIn, IsString, Matches, ValidateIf } from 'class-validator';

/** The types cache entries have (DESIGN §2): an entity type, or `context`. */
export const CACHE_ENTRY_TYPES = [...ENTITY_TYPES, 'context'] as const;

/** Cache keys are `type:id`, `context:level:id` or `global` (DESIGN §2): ids with colons between. */
export const CACHE_KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}(:[A-Za-z0-9_-]{1,128}){0,2}$/;
export const CACHE_KEY_RULE =
  'keys are ids of letters, digits, - and _ joined by colons, as in task:t1';

/** Left out, or valid: IsOptional() would also let a null through, which then counted as named. */
const Omitted = () => ValidateIf((_body: object, value: unknown) => value !== undefined);

/** Body of POST /v1/cache/invalidate: exactly one of the three. */
export class InvalidateBody {
  @ApiPropertyOptional({ example: 'context:task:t1', description: 'One entry, by key' })
  @Omitted()
  @IsString()
  @Matches(CACHE_KEY_PATTERN, { message: `key: ${CACHE_KEY_RULE}` })
  key?: string;

  @ApiPropertyOptional({
    example: 'task',
    enum: CACHE_ENTRY_TYPES,
    description: 'Every entry of a type',
  })
  @Omitted()
  @IsIn(CACHE_ENTRY_TYPES, { message: `type must be one of ${CACHE_ENTRY_TYPES.join(', ')}` })
  type?: string;

  @ApiPropertyOptional({
    example: 'project:p1',
    description: 'Every entry built from this entity key',
  })
  @Omitted()
  @IsString()
  @Matches(CACHE_KEY_PATTERN, { message: `dependency: ${CACHE_KEY_RULE}` })
  dependency?: string;
}
