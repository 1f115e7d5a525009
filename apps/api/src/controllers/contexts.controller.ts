import { BadRequestException, Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ContextResolver,
  isResolutionLevel,
  RESOLUTION_LEVELS,
  type ResolvedContext,
} from '@strata/contexts';
import { EntityIdPipe } from '@strata/platform';

@ApiTags('contexts')
@Controller('v1/contexts')
export class ContextsController {
  constructor(private readonly resolver: ContextResolver) {}

  @Get(':level/:id')
  @ApiParam({ name: 'level', enum: RESOLUTION_LEVELS })
  @ApiOkResponse({ description: 'The merged context from global down to the level, and its chain' })
  @ApiNotFoundResponse()
  resolve(
    @Param('level') level: string,
    @Param('id', EntityIdPipe) id: string,
  ): Promise<ResolvedContext> {
    if (!isResolutionLevel(level)) {
      throw new BadRequestException(`level must be one of ${RESOLUTION_LEVELS.join(', ')}`);
    }
    return this.resolver.resolve(level, id);
  }
}
