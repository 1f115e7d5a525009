import { ApiProperty } from '@nestjs/swagger';
import { ALERT_RULE_NAMES, SEVERITIES } from '@strata/observability';
import { Integer, OneOf, Text, Timestamp } from './schema-fields';

export class AlertDto {
  @OneOf(ALERT_RULE_NAMES) rule!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'The instance: `tier` and `type` for tierBudgetHigh, none otherwise',
  })
  labels!: Record<string, string>;
  @OneOf(SEVERITIES) severity!: string;
  @OneOf(['firing', 'resolved']) state!: string;
  @Timestamp('When it fired, or resolved') since!: string;
  @ApiProperty({ type: 'number', description: 'The value at the last evaluation' }) value!: number;
  @ApiProperty({ type: 'number' }) threshold!: number;
  @Text() summary!: string;
}

export class AlertListDto {
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) evaluatedAt!: string | null;
  @Integer() evaluationSeconds!: number;
  @Integer('How long a breach holds before it fires') forSeconds!: number;
  @ApiProperty({ type: [AlertDto], description: 'Firing first (most severe first), then resolved' })
  alerts!: AlertDto[];
}
