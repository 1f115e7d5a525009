import { BadRequestException } from '@nestjs/common';
import { ENTITY_ID_PATTERN, ENTITY_ID_RULE } from '@strata/platform';

/** `x-user-id` (DESIGN §8) is optional, but when given it must be a valid id. */
export function userIdHeader(value: string | undefined): string | undefined {
  if (value !== undefined && !ENTITY_ID_PATTERN.test(value)) {
    throw new BadRequestException(`x-user-id: ${ENTITY_ID_RULE}`);
  }
  return value;
}
