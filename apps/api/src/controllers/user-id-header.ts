import { BadRequestException } from '@nestjs/common';
import { ENTITY_ID_PATTERN, ENTITY_ID_RULE } from '@strata/platform';

/** `x-user-id` (DESIGN §8) is optional, but when given it must be a valid id. */
export function userIdHeader(value: string | undefined): string | undefined {
  if (value !== undefined && !ENTITY_ID_PATTERN.test(value)) {
    throw new BadRequestException(`x-user-id: ${ENTITY_ID_RULE}`);
  }
  return value;
}

/** How the OpenAPI document describes `x-user-id` on reads. */
export const USER_ID_HEADER_DOC = {
  name: 'x-user-id',
  required: false,
  description: 'The end user the caller reads for; volatility and warming use it',
};
