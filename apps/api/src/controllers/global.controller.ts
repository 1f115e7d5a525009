import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EntityStore } from '@strata/contexts';
import { PutGlobalBody } from '../dto/entity-bodies';

@ApiTags('global')
@Controller('v1/global')
export class GlobalController {
  constructor(private readonly store: EntityStore) {}

  @Get()
  @ApiOkResponse({ description: 'The global context' })
  get() {
    return this.store.getGlobal();
  }

  @Put()
  @ApiOkResponse({ description: 'The global context after the change, its version one higher' })
  async put(@Body() body: PutGlobalBody) {
    return (await this.store.putGlobal(body.data)).entity;
  }
}
