import { Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import {
  EntityNotFoundError,
  EntityStore,
  EventLog,
  UnknownReferenceError,
  type EntityType,
} from '@strata/contexts';
import { EntityIdPipe, RequiresScope } from '@strata/platform';
import { VolatilityService } from '@strata/volatility';
import { WarmingTriggers } from '@strata/warming';
import { ContextEventDto } from '../dto/responses/context-event.dto';
import { ApiErrors } from './api-errors';
import { userIdHeader } from './user-id-header';

/** Events that drive warming (DESIGN §6): recorded for the warmer, and warmed on here at once. */
@ApiTags('events')
@Controller('v1')
export class EventsController {
  constructor(
    private readonly store: EntityStore,
    private readonly events: EventLog,
    private readonly volatility: VolatilityService,
    private readonly warming: WarmingTriggers,
  ) {}

  @Post('users/:id/login')
  @HttpCode(202)
  @RequiresScope('write')
  @ApiAcceptedResponse({ type: ContextEventDto, description: 'The login event as recorded' })
  @ApiErrors(400, 404)
  async login(@Param('id', EntityIdPipe) id: string) {
    await this.requireExisting('user', id);
    this.volatility.recordLogin(id);
    const recorded = await this.events.record('login', id, id);
    this.warming.login(id);
    return recorded;
  }

  @Post('branches/:id/checkout')
  @HttpCode(202)
  @RequiresScope('write')
  @ApiHeader({ name: 'x-user-id', required: false, description: 'The end user checking out' })
  @ApiAcceptedResponse({ type: ContextEventDto, description: 'The checkout event as recorded' })
  @ApiErrors(400, 404)
  async checkout(
    @Param('id', EntityIdPipe) id: string,
    @Headers('x-user-id') userId: string | undefined,
  ) {
    const user = userIdHeader(userId);
    await this.requireExisting('git_branch', id);
    if (user !== undefined && !(await this.store.exists('user', user))) {
      // Warming would act on the history of a user who does not exist.
      throw new UnknownReferenceError('x-user-id', 'user', [user]);
    }
    const recorded = await this.events.record('checkout', id, user ?? null);
    this.warming.checkout(id);
    return recorded;
  }

  private async requireExisting(type: EntityType, id: string): Promise<void> {
    if (!(await this.store.exists(type, id))) {
      throw new EntityNotFoundError(type, id);
    }
  }
}
