import { BadRequestException, Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CachedContexts } from '@strata/context-cache';
import { isResolutionLevel, RESOLUTION_LEVELS } from '@strata/contexts';
import { EntityIdPipe } from '@strata/platform';
import type { FastifyReply } from 'fastify';
import { sendCached } from './cached-reply';
import { USER_ID_HEADER_DOC, userIdHeader } from './user-id-header';

@ApiTags('contexts')
@Controller('v1/contexts')
export class ContextsController {
  constructor(private readonly contexts: CachedContexts) {}

  @Get(':level/:id')
  @ApiParam({ name: 'level', enum: RESOLUTION_LEVELS })
  @ApiOkResponse({ description: 'The merged context from global down to the level, and its chain' })
  @ApiHeader(USER_ID_HEADER_DOC)
  @ApiNotFoundResponse()
  async resolve(
    @Param('level') level: string,
    @Param('id', EntityIdPipe) id: string,
    @Headers('x-user-id') userId: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!isResolutionLevel(level)) {
      throw new BadRequestException(`level must be one of ${RESOLUTION_LEVELS.join(', ')}`);
    }
    const user = userIdHeader(userId);
    return sendCached(reply, await this.contexts.resolve(level, id, user));
  }
}
