import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { AuthConfigurableModule } from './auth.module-definition';

/** Guards every route of the application with API keys and scopes. */
@Module({ providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }] })
export class AuthModule extends AuthConfigurableModule {}
