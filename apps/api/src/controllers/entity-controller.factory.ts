import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Res,
  type Type,
} from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CachedContexts } from '@strata/context-cache';
import type { CreateInputByType, EntityType, PatchInputByType } from '@strata/contexts';
import { createValidationPipe, EntityIdPipe, RequiresScope } from '@strata/platform';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from './api-errors';
import { CACHE_HEADER_DOC, sendCached } from './cached-reply';
import { USER_ID_HEADER_DOC, userIdHeader } from './user-id-header';

export interface EntityRoutes<T extends EntityType> {
  type: T;
  /** The plural in `/v1/<plural>`. */
  plural: string;
  createBody: Type<CreateInputByType[T]>;
  patchBody: Type<PatchInputByType[T]>;
  /** The entity's response schema. */
  entity: Type<unknown>;
}

/** The CRUD routes of DESIGN §8, one class per entity type from one definition. */
export function entityController<T extends EntityType>(routes: EntityRoutes<T>): Type<unknown> {
  const { type, plural } = routes;

  @ApiTags(plural)
  @Controller(`v1/${plural}`)
  class EntityController {
    constructor(readonly contexts: CachedContexts) {}

    @Post()
    @HttpCode(201)
    @RequiresScope('write')
    @ApiBody({ type: routes.createBody })
    @ApiCreatedResponse({ type: routes.entity, description: `The ${type} as stored, at version 1` })
    @ApiErrors(400, 409, 413, 503)
    // The body's type is generic here, so the shared pipe is told which DTO it is.
    create(@Body(createValidationPipe(routes.createBody)) body: CreateInputByType[T]) {
      return this.contexts.create(type, body);
    }

    @Get(':id')
    @RequiresScope('read')
    @ApiOkResponse({ type: routes.entity, description: `The ${type}`, headers: CACHE_HEADER_DOC })
    @ApiHeader(USER_ID_HEADER_DOC)
    @ApiErrors(400, 404)
    async get(
      @Param('id', EntityIdPipe) id: string,
      @Headers('x-user-id') userId: string | undefined,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<string> {
      const user = userIdHeader(userId);
      return sendCached(reply, await this.contexts.readEntity(type, id, user));
    }

    @Patch(':id')
    @RequiresScope('write')
    @ApiBody({ type: routes.patchBody })
    @ApiOkResponse({
      type: routes.entity,
      description: `The ${type} after the change, its version one higher`,
    })
    @ApiErrors(400, 404, 413, 503)
    patch(
      @Param('id', EntityIdPipe) id: string,
      @Body(createValidationPipe(routes.patchBody)) body: PatchInputByType[T],
    ) {
      return this.contexts.patch(type, id, body);
    }

    @Delete(':id')
    @HttpCode(204)
    @RequiresScope('write')
    @ApiNoContentResponse({ description: 'Deleted' })
    @ApiErrors(400, 404, 409, 503)
    async remove(@Param('id', EntityIdPipe) id: string): Promise<void> {
      await this.contexts.delete(type, id);
    }
  }

  Object.defineProperty(EntityController, 'name', { value: `${plural}Controller` });
  return EntityController;
}
