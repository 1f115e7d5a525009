import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { Type } from '@nestjs/common';

/** Property decorators the response schemas share, so each shape is written once. */

export const Integer = (description?: string) =>
  ApiProperty({ type: 'integer', minimum: 0, description });

export const Count = Integer;

export const Ratio = (description?: string) =>
  ApiProperty({ type: 'number', minimum: 0, maximum: 1, description });

export const Timestamp = (description?: string) =>
  ApiProperty({ type: 'string', format: 'date-time', description });

export const Text = (description?: string) => ApiProperty({ type: 'string', description });

export const OneOf = (values: readonly string[], description?: string) =>
  ApiProperty({ enum: [...values], description });

export const JsonData = (description: string) =>
  ApiProperty({ type: 'object', additionalProperties: true, description });

/** A map from names (types, tiers) to one schema. */
export const MapOf = (value: Type<unknown>, description: string) =>
  ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(value) },
    description,
  });

export { ApiPropertyOptional };
