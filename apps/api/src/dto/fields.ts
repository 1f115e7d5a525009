import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENTITY_ID_PATTERN, ENTITY_ID_RULE, IsContextData } from '@strata/platform';
import {
  ArrayMaxSize,
  IsArray,
  IsString,
  Length,
  Matches,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

/** Field decorators shared by the request bodies, so each rule is written once. */

/**
 * An optional field may be left out, but not sent as null: IsOptional() would let null through
 * to the store, where a null name or title broke a NOT NULL column (500) and null links or data
 * were taken as a change.
 */
const OmittedOrValid = () => ValidateIf((_body: object, value: unknown) => value !== undefined);

/**
 * Text both databases keep exactly as sent: PostgreSQL refuses NUL in text columns (a 500), and
 * UTF-8 storage turns an unpaired UTF-16 surrogate into U+FFFD (a silent change). Context data
 * is stored as JSON text, which escapes both, so only the plain text fields need this.
 */
const StorableText = () =>
  ValidateBy({
    name: 'isStorableText',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' ||
        (!value.includes('\u0000') && Buffer.from(value, 'utf8').toString('utf8') === value),
      defaultMessage: () => '$property may not contain NUL characters or unpaired surrogates',
    },
  });

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
    StorableText(),
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
