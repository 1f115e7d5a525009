import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CachedContexts } from '@strata/context-cache';
import { RESOLUTION_LEVELS, type ResolutionLevel } from '@strata/contexts';
import { EntityIdPipe, RequiresScope } from '@strata/platform';
import type { FastifyReply } from 'fastify';
import { ResolvedContextDto } from '../dto/responses/resolved-context.dto';
import { ApiErrors, oneOf } from './api-errors';
import { CACHE_HEADER_DOC, sendCached } from './cached-reply';
import { USER_ID_HEADER_DOC, userIdHeader } from './user-id-header';

@ApiTags('contexts')
@Controller('v1/contexts')
export class ContextsController {
  constructor(private readonly contexts: CachedContexts) {}

  @Get(':level/:id')
  @RequiresScope('read')
  @ApiParam({ name: 'level', enum: RESOLUTION_LEVELS })
  @ApiOkResponse({
    type: ResolvedContextDto,
    description: 'The merged context from global down to the level, and its chain',
    headers: CACHE_HEADER_DOC,
  })
  @ApiHeader(USER_ID_HEADER_DOC)
  @ApiErrors(400, 404)
  async resolve(
    @Param('level', oneOf('level', RESOLUTION_LEVELS)) level: ResolutionLevel,
    @Param('id', EntityIdPipe) id: string,
    @Headers('x-user-id') userId: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const user = userIdHeader(userId);
    return sendCached(reply, await this.contexts.resolve(level, id, user));
  }
}
