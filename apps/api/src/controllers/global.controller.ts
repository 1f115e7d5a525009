import { Body, Controller, Get, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CachedContexts } from '@strata/context-cache';
import type { FastifyReply } from 'fastify';
import { PutGlobalBody } from '../dto/entity-bodies';
import { sendCached } from './cached-reply';

@ApiTags('global')
@Controller('v1/global')
export class GlobalController {
  constructor(private readonly contexts: CachedContexts) {}

  @Get()
  @ApiOkResponse({ description: 'The global context' })
  async get(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return sendCached(reply, await this.contexts.readGlobal());
  }

  @Put()
  @ApiOkResponse({ description: 'The global context after the change, its version one higher' })
  put(@Body() body: PutGlobalBody) {
    return this.contexts.putGlobal(body.data);
  }
}
