import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENTITY_ID_PATTERN, ENTITY_ID_RULE, IsContextData } from '@strata/platform';
import { ArrayMaxSize, IsArray, IsString, Length, Matches, ValidateIf } from 'class-validator';

/** Field decorators shared by the request bodies, so each rule is written once. */

/**
 * An optional field may be left out, but not sent as null: IsOptional() would let null through
 * to the store, where a null name or title broke a NOT NULL column (500) and null links or data
 * were taken as a change.
 */
const OmittedOrValid = () => ValidateIf((_body: object, value: unknown) => value !== undefined);

export const OptionalIdField = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: `Generated when absent; ${ENTITY_ID_RULE}`,
      example: 'proj-1',
    }),
    OmittedOrValid(),
    IsString(),
    Matches(ENTITY_ID_PATTERN, { message: `id: ${ENTITY_ID_RULE}` }),
  );

export const ReferenceField = (description: string) =>
  applyDecorators(
    ApiProperty({ description, example: 'proj-1' }),
    IsString(),
    Matches(ENTITY_ID_PATTERN, { message: `$property: ${ENTITY_ID_RULE}` }),
  );

export const TextField = (maxLength: number, optional: boolean) =>
  applyDecorators(
    optional ? ApiPropertyOptional({ maxLength }) : ApiProperty({ maxLength }),
    ...(optional ? [OmittedOrValid()] : []),
    IsString(),
    Length(1, maxLength),
  );

export const DataField = (optional: boolean, description: string) =>
  applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({
      type: 'object',
      additionalProperties: true,
      description,
      example: { language: 'typescript', review: { required: true } },
    }),
    ...(optional ? [OmittedOrValid()] : []),
    IsContextData(),
  );

export const IdListField = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], description }),
    OmittedOrValid(),
    IsArray(),
    ArrayMaxSize(1000),
    Matches(ENTITY_ID_PATTERN, { each: true, message: `each of $property: ${ENTITY_ID_RULE}` }),
  );

export const CONTEXT_DATA_DESCRIPTION =
  'The context: a JSON object. Resolution merges it over the levels above (objects merge, arrays and scalars replace, null removes an inherited key).';
export const PATCH_DATA_DESCRIPTION =
  'Merged into the stored context with the resolution rules: objects merge, arrays and scalars replace, null removes a key.';
