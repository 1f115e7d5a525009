import { ApiProperty } from '@nestjs/swagger';
import {
  RESOLUTION_LEVELS,
  type ChainLink,
  type JsonObject,
  type ResolutionLevel,
  type ResolvedContext,
} from '@strata/contexts';
import { Integer, JsonData, OneOf, Text } from './schema-fields';

export class ChainLinkDto implements ChainLink {
  @OneOf(RESOLUTION_LEVELS) level!: ResolutionLevel;
  @Text() id!: string;
  @Integer('The version of that level’s entity the resolution read') version!: number;
}

export class ResolvedContextDto implements ResolvedContext {
  @OneOf(RESOLUTION_LEVELS) level!: ResolutionLevel;
  @Text() id!: string;
  @JsonData('The contexts from global down to this level, merged') data!: JsonObject;
  @ApiProperty({ type: [ChainLinkDto], description: 'The levels merged, from global down' })
  chain!: ChainLinkDto[];
}
