import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TTL_POLICY_CONFIG } from '../ttl-policy-config';
import { ttlPolicyConfigFromEnv } from './ttl-policy-config-from-env';

function configFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ttl-policy-')), 'policy.json');
  writeFileSync(path, content);
  return path;
}

describe('ttlPolicyConfigFromEnv', () => {
  it('is the defaults with no variable set', () => {
    expect(ttlPolicyConfigFromEnv({})).toEqual({
      config: DEFAULT_TTL_POLICY_CONFIG,
      problems: [],
    });
  });

  it('reads single variables', () => {
    const { config, problems } = ttlPolicyConfigFromEnv({
      STRATA_TTL_TASK_HIGH: '90',
      STRATA_TTL_GIT_BRANCH_LOW: '2400',
      STRATA_TTL_BAND_HIGH: '0.6',
      STRATA_TTL_BAND_MEDIUM: '0.2',
      STRATA_TTL_JITTER: '0.05',
      STRATA_TTL_MIN_SECONDS: '30',
      STRATA_TTL_MAX_SECONDS: '3600',
    });
    expect(problems).toEqual([]);
    expect(config.ttlSeconds.task.high).toBe(90);
    expect(config.ttlSeconds.git_branch.low).toBe(2400);
    expect(config.bands).toEqual({ high: 0.6, medium: 0.2 });
    expect(config.jitter).toEqual({ ratio: 0.05, minSeconds: 30, maxSeconds: 3600 });
  });

  it('reads the JSON file, with single variables laid over it', () => {
    const path = configFile(
      JSON.stringify({
        ttlSeconds: { task: { high: 45, low: 700 } },
        tiers: { agent: { high: 'warm' } },
      }),
    );
    const { config } = ttlPolicyConfigFromEnv({
      STRATA_TTL_POLICY_FILE: path,
      STRATA_TTL_TASK_HIGH: '50',
    });
    expect(config.ttlSeconds.task).toEqual({ high: 50, medium: 300, low: 700 });
    expect(config.tiers.agent.high).toBe('warm');
  });

  it('says which variable is not a number', () => {
    expect(ttlPolicyConfigFromEnv({ STRATA_TTL_JITTER: 'ten' }).problems).toEqual([
      'STRATA_TTL_JITTER="ten" is not a number',
    ]);
  });

  it('names the variable of a setting out of range, and reports every problem', () => {
    expect(
      ttlPolicyConfigFromEnv({
        STRATA_TTL_TASK_HIGH: '-5',
        STRATA_TTL_BAND_HIGH: '3',
        STRATA_TTL_JITTER: 'x',
      }).problems,
    ).toEqual([
      'STRATA_TTL_JITTER="x" is not a number',
      'STRATA_TTL_TASK_HIGH: -5 is not a whole number of seconds above 0',
      'STRATA_TTL_BAND_HIGH: 3 is not a score in [0, 1]',
    ]);
  });

  it('says which setting is out of range, naming the file', () => {
    const path = configFile(JSON.stringify({ bands: { medium: 2 } }));
    const { problems } = ttlPolicyConfigFromEnv({ STRATA_TTL_POLICY_FILE: path });
    expect(problems).toEqual([
      `STRATA_TTL_POLICY_FILE (${path}): bands.medium: 2 is not a score in [0, 1]`,
    ]);
  });

  it('names the variables of a rule across settings', () => {
    expect(
      ttlPolicyConfigFromEnv({ STRATA_TTL_BAND_HIGH: '0.2', STRATA_TTL_BAND_MEDIUM: '0.5' })
        .problems,
    ).toEqual([
      'STRATA_TTL_BAND_HIGH, STRATA_TTL_BAND_MEDIUM: medium (0.5) must not be above high (0.2)',
    ]);
  });

  it('says when the file is missing or not JSON', () => {
    expect(
      ttlPolicyConfigFromEnv({ STRATA_TTL_POLICY_FILE: '/nonexistent/p.json' }).problems,
    ).toEqual([
      expect.stringMatching(/^STRATA_TTL_POLICY_FILE: cannot read "\/nonexistent\/p\.json"/),
    ]);
    expect(
      ttlPolicyConfigFromEnv({ STRATA_TTL_POLICY_FILE: configFile('{oops') }).problems,
    ).toEqual([expect.stringMatching(/is not JSON/)]);
  });
});
