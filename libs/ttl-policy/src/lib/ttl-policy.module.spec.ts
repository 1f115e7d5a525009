import { Test } from '@nestjs/testing';
import { TtlPolicy } from './ttl-policy';
import { TtlPolicyModule } from './ttl-policy.module';

describe('TtlPolicyModule', () => {
  it('provides the policy with the overrides and random source given', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TtlPolicyModule.forRoot({
          config: { ttlSeconds: { task: { high: 100 } } },
          random: () => 0.5,
        }),
      ],
    }).compile();
    expect(moduleRef.get(TtlPolicy).place('task', 1)).toEqual({
      tier: 'hot',
      ttlSeconds: 100,
      band: 'high',
    });
  });

  it('refuses an invalid configuration when it starts', async () => {
    await expect(
      Test.createTestingModule({
        imports: [TtlPolicyModule.forRoot({ config: { bands: { high: 3 } } })],
      }).compile(),
    ).rejects.toThrow(/bands\.high/);
  });
});
