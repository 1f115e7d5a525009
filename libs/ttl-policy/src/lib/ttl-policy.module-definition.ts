import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { RandomSource } from './jitter';
import type { TtlPolicyOverrides } from './config/ttl-policy-overrides';

export interface TtlPolicyModuleOptions {
  /** Laid over DESIGN §4's defaults and validated; `ttlPolicyConfigFromEnv()` reads the environment. */
  config?: TtlPolicyOverrides;
  /** The jitter's random source (tests pass a seeded one). */
  random?: RandomSource;
}

export const {
  ConfigurableModuleClass: ConfigurableTtlPolicyModule,
  MODULE_OPTIONS_TOKEN: TTL_POLICY_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<TtlPolicyModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
