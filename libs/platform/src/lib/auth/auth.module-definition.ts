import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ApiKeyTable } from '../config/api-keys';
import type { AuthFailureLimits } from './auth-failure-limiter';

export interface AuthModuleOptions {
  /** With no keys every route is open (the server then listens on loopback only). */
  apiKeys: ApiKeyTable;
  /** Failed authentications allowed per client address; unset: DEFAULT_AUTH_FAILURE_LIMITS. */
  failureLimits?: AuthFailureLimits;
}

export const {
  ConfigurableModuleClass: AuthConfigurableModule,
  MODULE_OPTIONS_TOKEN: AUTH_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<AuthModuleOptions>().setClassMethodName('forRoot').build();
