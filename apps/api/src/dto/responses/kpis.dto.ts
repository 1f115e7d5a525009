import { ApiProperty } from '@nestjs/swagger';
import { KPI_NAMES } from '@strata/observability';
import { Count, Integer, OneOf, Text, Timestamp } from './schema-fields';

const Value = (description: string) =>
  ApiProperty({ type: 'number', nullable: true, minimum: 0, description });

const Met = () =>
  ApiProperty({
    type: 'boolean',
    nullable: true,
    description: 'Whether the value meets the target; null when nothing was measured',
  });

/** A KPI over one span: its value and the counts it is the ratio of. */
export class KpiMeasureDto {
  @Value('numerator / denominator; null while the denominator is 0') value!: number | null;
  @Met() met!: boolean | null;
  @ApiProperty({ type: 'number', minimum: 0 }) numerator!: number;
  @ApiProperty({ type: 'number', minimum: 0 }) denominator!: number;
}

export class KpiDto extends KpiMeasureDto {
  @OneOf(KPI_NAMES) name!: string;
  @Text() description!: string;
  @ApiProperty({ type: 'number', description: 'DESIGN §7 target' }) target!: number;
  @OneOf(['atLeast', 'atMost'], 'Which side of the target meets it') comparison!: string;
  @OneOf(['ratio', 'ms']) unit!: string;
  @Integer('The sliding window `value` was measured over') windowSeconds!: number;
  @ApiProperty({ description: 'The same KPI since the process started' })
  sinceStart!: KpiMeasureDto;
}

export class HitsUnmeasuredDto {
  @Count() window!: number;
  @Count() sinceStart!: number;
}

export class KpiReportDto {
  @Integer() windowSeconds!: number;
  @Timestamp() measuredAt!: string;
  @ApiProperty({ type: [KpiDto] }) kpis!: KpiDto[];
  @ApiProperty({
    description:
      'Reads answered by a tier from entries with no measured load cost (stored before costs were recorded): their savings are left out of queryReduction',
  })
  hitsUnmeasured!: HitsUnmeasuredDto;
}

export class KpiValuesDto {
  @Value('hitRate over the window then') hitRate!: number | null;
  @Value('averageResponseMs over the window then') averageResponseMs!: number | null;
  @Value('queryReduction over the window then') queryReduction!: number | null;
  @Value('memoryEfficiency over the window then') memoryEfficiency!: number | null;
  @Value('warmingSuccess over the window then') warmingSuccess!: number | null;
}

export class KpiHistoryPointDto {
  @Timestamp() at!: string;
  @ApiProperty() values!: KpiValuesDto;
}

export class KpiHistoryDto {
  @Integer('How often the KPIs are sampled') sampleSeconds!: number;
  @ApiProperty({ type: [KpiHistoryPointDto], description: 'The last hour, oldest first' })
  points!: KpiHistoryPointDto[];
}
