import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ApiKeyTable } from '../config/api-keys';

export interface AuthModuleOptions {
  /** With no keys every route is open (the server then listens on loopback only). */
  apiKeys: ApiKeyTable;
}

export const {
  ConfigurableModuleClass: AuthConfigurableModule,
  MODULE_OPTIONS_TOKEN: AUTH_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<AuthModuleOptions>().setClassMethodName('forRoot').build();
