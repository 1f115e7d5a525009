import {
  busConfigFromEnv,
  sharedTierConfigFromEnv,
  sourceAdmissionConfigFromEnv,
} from '@strata/tiers';
import { ttlPolicyConfigFromEnv } from '@strata/ttl-policy';
import { volatilityConfigFromEnv } from '@strata/volatility';

/**
 * The cache's sections of an application's configuration (platform's ConfigSections): each its
 * library's pure parser, validated in the one pass at start with the rest.
 */
export const CONTEXT_CACHE_CONFIG = {
  ttlPolicy: ttlPolicyConfigFromEnv,
  volatility: volatilityConfigFromEnv,
  sharedTiers: sharedTierConfigFromEnv,
  sourceAdmission: sourceAdmissionConfigFromEnv,
  bus: busConfigFromEnv,
};
