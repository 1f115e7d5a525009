import { Body, Controller, Get, Headers, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CachedContexts } from '@strata/context-cache';
import { RequiresScope } from '@strata/platform';
import type { FastifyReply } from 'fastify';
import { PutGlobalBody } from '../dto/entity-bodies';
import { GlobalContextDto } from '../dto/responses/entity.dto';
import { ApiErrors } from './api-errors';
import { CACHE_HEADER_DOC, sendCached } from './cached-reply';
import { USER_ID_HEADER_DOC, userIdHeader } from './user-id-header';

@ApiTags('global')
@Controller('v1/global')
export class GlobalController {
  constructor(private readonly contexts: CachedContexts) {}

  @Get()
  @RequiresScope('read')
  @ApiOkResponse({
    type: GlobalContextDto,
    description: 'The global context',
    headers: CACHE_HEADER_DOC,
  })
  @ApiHeader(USER_ID_HEADER_DOC)
  @ApiErrors(400)
  async get(
    @Headers('x-user-id') userId: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const user = userIdHeader(userId);
    return sendCached(reply, await this.contexts.readGlobal(user));
  }

  @Put()
  @RequiresScope('write')
  @ApiOkResponse({
    type: GlobalContextDto,
    description: 'The global context after the change, its version one higher',
  })
  @ApiErrors(400, 413)
  put(@Body() body: PutGlobalBody) {
    return this.contexts.putGlobal(body.data);
  }
}
