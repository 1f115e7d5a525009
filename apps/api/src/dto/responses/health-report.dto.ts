import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';

const INDICATOR: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['up', 'down'] } },
  additionalProperties: true,
};
const INDICATORS = { type: 'object' as const, additionalProperties: INDICATOR };

/** Terminus's report: every dependency by key, up in `info`, down in `error`, all in `details`. */
export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status!: string;
  @ApiProperty({ ...INDICATORS, description: 'The dependencies that are up' })
  info!: Record<string, unknown>;
  @ApiProperty({ ...INDICATORS, description: 'The dependencies that are down' })
  error!: Record<string, unknown>;
  @ApiProperty({ ...INDICATORS, description: 'Every dependency' })
  details!: Record<string, unknown>;
}

/** The readiness report: terminus's, and the optional dependencies that are down. */
export class ReadinessReportDto extends HealthReportDto {
  @ApiProperty({
    type: [String],
    description:
      'Optional dependencies that are down (Redis, the cache tiers, the bus): ready, but degraded',
  })
  degraded!: string[];
}
