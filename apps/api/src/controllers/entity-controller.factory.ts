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
  ValidationPipe,
  type Type,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CachedContexts } from '@strata/context-cache';
import type { CreateInputByType, EntityType, PatchInputByType } from '@strata/contexts';
import { EntityIdPipe } from '@strata/platform';
import type { FastifyReply } from 'fastify';
import { sendCached } from './cached-reply';
import { USER_ID_HEADER_DOC, userIdHeader } from './user-id-header';

export interface EntityRoutes<T extends EntityType> {
  type: T;
  /** The plural in `/v1/<plural>`. */
  plural: string;
  createBody: Type<CreateInputByType[T]>;
  patchBody: Type<PatchInputByType[T]>;
}

/** A DTO is only known to the validation pipe from the parameter's type; here it is generic, so name it. */
function validated(body: Type<unknown>): ValidationPipe {
  return new ValidationPipe({
    expectedType: body,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
  });
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
    @ApiBody({ type: routes.createBody })
    @ApiCreatedResponse({ description: `The ${type} as stored, at version 1` })
    @ApiConflictResponse({ description: 'An entity with this id exists' })
    create(@Body(validated(routes.createBody)) body: CreateInputByType[T]) {
      return this.contexts.create(type, body);
    }

    @Get(':id')
    @ApiOkResponse({ description: `The ${type}` })
    @ApiHeader({ name: 'x-cache', description: 'hot, warm, cold, miss or stale', required: false })
    @ApiHeader(USER_ID_HEADER_DOC)
    @ApiNotFoundResponse()
    async get(
      @Param('id', EntityIdPipe) id: string,
      @Headers('x-user-id') userId: string | undefined,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<string> {
      const user = userIdHeader(userId);
      return sendCached(reply, await this.contexts.readEntity(type, id, user));
    }

    @Patch(':id')
    @ApiBody({ type: routes.patchBody })
    @ApiOkResponse({ description: `The ${type} after the change, its version one higher` })
    @ApiNotFoundResponse()
    patch(
      @Param('id', EntityIdPipe) id: string,
      @Body(validated(routes.patchBody)) body: PatchInputByType[T],
    ) {
      return this.contexts.patch(type, id, body);
    }

    @Delete(':id')
    @HttpCode(204)
    @ApiNoContentResponse()
    @ApiNotFoundResponse()
    @ApiConflictResponse({ description: 'Entities still belong to it' })
    async remove(@Param('id', EntityIdPipe) id: string): Promise<void> {
      await this.contexts.delete(type, id);
    }
  }

  Object.defineProperty(EntityController, 'name', { value: `${plural}Controller` });
  return EntityController;
}
