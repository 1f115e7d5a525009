import { Body, Controller, Get, Headers, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CachedContexts } from '@strata/context-cache';
import type { FastifyReply } from 'fastify';
import { PutGlobalBody } from '../dto/entity-bodies';
import { sendCached } from './cached-reply';
import { USER_ID_HEADER_DOC, userIdHeader } from './user-id-header';

@ApiTags('global')
@Controller('v1/global')
export class GlobalController {
  constructor(private readonly contexts: CachedContexts) {}

  @Get()
  @ApiOkResponse({ description: 'The global context' })
  @ApiHeader(USER_ID_HEADER_DOC)
  async get(
    @Headers('x-user-id') userId: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const user = userIdHeader(userId);
    return sendCached(reply, await this.contexts.readGlobal(user));
  }

  @Put()
  @ApiOkResponse({ description: 'The global context after the change, its version one higher' })
  put(@Body() body: PutGlobalBody) {
    return this.contexts.putGlobal(body.data);
  }
}
