import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { AuthFailureLimiter, DEFAULT_AUTH_FAILURE_LIMITS } from './auth-failure-limiter';
import {
  AUTH_MODULE_OPTIONS,
  AuthConfigurableModule,
  type AuthModuleOptions,
} from './auth.module-definition';

/** Guards every route of the application with API keys and scopes. */
@Module({
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    {
      provide: AuthFailureLimiter,
      useFactory: (options: AuthModuleOptions) =>
        new AuthFailureLimiter(options.failureLimits ?? DEFAULT_AUTH_FAILURE_LIMITS),
      inject: [AUTH_MODULE_OPTIONS],
    },
  ],
})
export class AuthModule extends AuthConfigurableModule {}
