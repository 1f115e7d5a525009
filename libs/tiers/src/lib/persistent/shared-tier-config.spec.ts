import { DEFAULT_SHARED_TIER_CONFIG, sharedTierConfigFromEnv } from './shared-tier-config';

describe('sharedTierConfigFromEnv', () => {
  it('keeps every default when nothing is set', () => {
    expect(sharedTierConfigFromEnv({})).toEqual({
      config: DEFAULT_SHARED_TIER_CONFIG,
      problems: [],
    });
    expect(DEFAULT_SHARED_TIER_CONFIG).toEqual({
      tombstoneRetentionMs: 900_000,
      callTimeoutMs: 250,
      loadLock: { mode: 'auto', leaseMs: 5_000, waitMs: 2_000, pollMs: 10 },
    });
  });

  it('reads every variable', () => {
    const { config, problems } = sharedTierConfigFromEnv({
      STRATA_TOMBSTONE_RETENTION_MS: '60000',
      STRATA_TIER_CALL_TIMEOUT_MS: '2000',
      STRATA_LOAD_LOCK: 'off',
      STRATA_LOAD_LOCK_LEASE_MS: '3000',
      STRATA_LOAD_LOCK_WAIT_MS: '1000',
      STRATA_LOAD_LOCK_POLL_MS: '5',
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      tombstoneRetentionMs: 60_000,
      callTimeoutMs: 2_000,
      loadLock: { mode: 'off', leaseMs: 3_000, waitMs: 1_000, pollMs: 5 },
    });
  });

  it('reports every bad value at once, keeping the defaults for them', () => {
    const { config, problems } = sharedTierConfigFromEnv({
      STRATA_TOMBSTONE_RETENTION_MS: '-1',
      STRATA_LOAD_LOCK: 'redis',
      STRATA_LOAD_LOCK_LEASE_MS: 'soon',
      STRATA_LOAD_LOCK_POLL_MS: '2.5',
      STRATA_TIER_CALL_TIMEOUT_MS: '0',
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/STRATA_TIER_CALL_TIMEOUT_MS.*"0"/);
    expect(problems.join('\n')).toMatch(/STRATA_TOMBSTONE_RETENTION_MS.*"-1"/);
    expect(problems.join('\n')).toMatch(/STRATA_LOAD_LOCK must be auto or off \(got "redis"\)/);
    expect(problems.join('\n')).toMatch(/STRATA_LOAD_LOCK_LEASE_MS.*"soon"/);
    expect(problems.join('\n')).toMatch(/STRATA_LOAD_LOCK_POLL_MS.*"2.5"/);
    expect(config).toEqual(DEFAULT_SHARED_TIER_CONFIG);
  });
});
