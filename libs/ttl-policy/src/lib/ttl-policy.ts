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

  /** Where `(type, score)` goes, with a jittered TTL: what a new cache entry gets. */
  place(type: string, score: number): TtlPlacement {
    const nominal = this.nominalPlacement(type, score);
    return {
      ...nominal,
      ttlSeconds: jitteredTtl(nominal.ttlSeconds, this.config.jitter, this.random),
    };
  }

  /** The matrix cell itself, before jitter: what reports show. */
  nominalPlacement(type: string, score: number): TtlPlacement {
    const policyType = policyTypeOf(type);
    const band = bandOf(score, this.config.bands);
    return {
      tier: this.config.tiers[policyType][band],
      ttlSeconds: this.config.ttlSeconds[policyType][band],
      band,
    };
  }
}
