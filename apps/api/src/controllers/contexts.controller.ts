import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CachedContexts } from '@strata/context-cache';
import { RESOLUTION_LEVELS } from '@strata/contexts';
import { EntityIdPipe, RequiresScope } from '@strata/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ResolvedContextDto } from '../dto/responses/resolved-context.dto';
import { ApiErrors, requireOneOf } from './api-errors';
import { CACHE_HEADER_DOC, sendCached } from './cached-reply';
import { USER_ID_HEADER_DOC, userIdHeader } from './user-id-header';

type ResolveRequest = FastifyRequest<{ Params: { level: string; id: string } }>;

const entityId = new EntityIdPipe();

@ApiTags('contexts')
@Controller('v1/contexts')
export class ContextsController {
  constructor(private readonly contexts: CachedContexts) {}

  /**
   * The hot read, so its parameters are checked here, synchronously, with the same 400s as the
   * pipes give: Nest runs every `@Param` through the global ValidationPipe and its own pipes, a
   * chain of promises per parameter that cost a cached answer more than the cache did (profile in
   * BENCHMARKS.md, issue 12).
   */
  @Get(':level/:id')
  @RequiresScope('read')
  @ApiParam({ name: 'level', enum: RESOLUTION_LEVELS })
  @ApiParam({ name: 'id', type: String })
  @ApiOkResponse({
    type: ResolvedContextDto,
    description: 'The merged context from global down to the level, and its chain',
    headers: CACHE_HEADER_DOC,
  })
  @ApiHeader(USER_ID_HEADER_DOC)
  @ApiErrors(400, 404)
  async resolve(
    @Req() request: ResolveRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const level = requireOneOf('level', RESOLUTION_LEVELS, request.params.level);
    const id = entityId.transform(request.params.id);
    const user = userIdHeader(request.headers['x-user-id'] as string | undefined);
    return sendCached(reply, await this.contexts.resolve(level, id, user));
  }
}
