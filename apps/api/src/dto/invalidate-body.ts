import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

/** Cache keys are `type:id`, `context:level:id` or `global` (DESIGN §2): ids with colons between. */
export const CACHE_KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}(:[A-Za-z0-9_-]{1,128}){0,2}$/;
export const CACHE_KEY_RULE =
  'keys are ids of letters, digits, - and _ joined by colons, as in task:t1';

/** Body of POST /v1/cache/invalidate: exactly one of the three. */
export class InvalidateBody {
  @ApiPropertyOptional({ example: 'context:task:t1', description: 'One entry, by key' })
  @IsOptional()
  @IsString()
  @Matches(CACHE_KEY_PATTERN, { message: `key: ${CACHE_KEY_RULE}` })
  key?: string;

  @ApiPropertyOptional({ example: 'task', description: 'Every entry of a type' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,32}$/, { message: 'type: lower-case letters and _' })
  type?: string;

  @ApiPropertyOptional({
    example: 'project:p1',
    description: 'Every entry built from this entity key',
  })
  @IsOptional()
  @IsString()
  @Matches(CACHE_KEY_PATTERN, { message: `dependency: ${CACHE_KEY_RULE}` })
  dependency?: string;
}
