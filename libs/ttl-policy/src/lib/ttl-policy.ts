import { jitteredTtl, type RandomSource } from './jitter';
import {
  DEFAULT_TTL_POLICY_CONFIG,
  POLICY_TYPES,
  type PolicyType,
  type TtlPlacement,
  type TtlPolicyConfig,
} from './ttl-policy-config';
import { bandOf } from './volatility-band';

/** A type outside DESIGN §2 (or the global context's) is placed like a resolved context. */
export function policyTypeOf(type: string): PolicyType {
  return (POLICY_TYPES as readonly string[]).includes(type) ? (type as PolicyType) : 'context';
}

/** DESIGN §4: where an entry of a type with a volatility score lives, and for how long. */
export class TtlPolicy {
  constructor(
    readonly config: TtlPolicyConfig = DEFAULT_TTL_POLICY_CONFIG,
    private readonly random: RandomSource = Math.random,
  ) {}

  place(type: string, score: number): TtlPlacement {
    const policyType = policyTypeOf(type);
    const band = bandOf(score, this.config.bands);
    return {
      tier: this.config.tiers[policyType][band],
      ttlSeconds: jitteredTtl(
        this.config.ttlSeconds[policyType][band],
        this.config.jitter,
        this.random,
      ),
      band,
    };
  }
}
