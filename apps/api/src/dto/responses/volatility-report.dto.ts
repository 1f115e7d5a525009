import { ApiProperty } from '@nestjs/swagger';
import { Count, OneOf, Ratio, Text } from './schema-fields';

export class ScoreInputsDto {
  @Text() type!: string;
  @Ratio('base[type]') base!: number;
  @Ratio('Update frequency') f!: number;
  @Ratio('Variability of the access pattern') v!: number;
  @Ratio('Correlation with user activity') a!: number;
  @Count() updatesInWindow!: number;
  @ApiProperty({
    type: 'number',
    minimum: 0,
    description: 'Recent updates, decayed; each counts toward a as an access in a session',
  })
  recentUpdates!: number;
  @ApiProperty({ type: 'number', minimum: 0, description: 'Recent accesses, decayed' })
  recentAccesses!: number;
}

/** `GET /v1/cache/volatility/:type/:id`. */
export class VolatilityReportDto {
  @Ratio() score!: number;
  @OneOf(['high', 'medium', 'low']) band!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'The TTL a new entry gets now, before jitter',
  })
  ttlSeconds!: number;
  @OneOf(['hot', 'warm', 'cold']) tier!: string;
  @ApiProperty() inputs!: ScoreInputsDto;
}
