import { Module } from '@nestjs/common';
import { resolveTtlPolicyConfig } from './config/resolve-ttl-policy-config';
import { TtlPolicy } from './ttl-policy';
import {
  ConfigurableTtlPolicyModule,
  TTL_POLICY_MODULE_OPTIONS,
  type TtlPolicyModuleOptions,
} from './ttl-policy.module-definition';

/** Provides TtlPolicy, its configuration validated when the module starts. */
@Module({
  providers: [
    {
      provide: TtlPolicy,
      useFactory: (options: TtlPolicyModuleOptions) =>
        new TtlPolicy(resolveTtlPolicyConfig(options.config ?? {}), options.random),
      inject: [TTL_POLICY_MODULE_OPTIONS],
    },
  ],
  exports: [TtlPolicy],
})
export class TtlPolicyModule extends ConfigurableTtlPolicyModule {}
