import { ConfigReader } from '@backstage/config';
import { readFargateEndpointsSettings } from './config';

describe('readFargateEndpointsSettings', () => {
  it('has defaults that work with no fargateEndpoints config at all', () => {
    const settings = readFargateEndpointsSettings(new ConfigReader({}));
    expect(settings).toMatchObject({
      vpcTtlMs: 300_000,
      ecsServiceTtlMs: 60_000,
      staleTtlMs: 3_600_000,
      overviewConcurrency: 100,
      aws: {
        requestTimeoutMs: 5_000,
        maxAttempts: 3,
        maxConcurrentReadsPerRegion: 4,
        ec2RequestRate: { requestsPerSecond: 18, burst: 90 },
        ecsRequestRate: { requestsPerSecond: 80, burst: 160 },
        retryBaseDelayMs: undefined,
      },
    });
    expect([...settings.aws.allowedAccountIds]).toEqual([]);
  });

  it('reads durations as seconds, strings or HumanDuration objects', () => {
    const settings = readFargateEndpointsSettings(
      new ConfigReader({
        fargateEndpoints: {
          cache: {
            ttl: { minutes: 10 },
            ecsServiceTtl: '30s',
            staleTtl: 'PT2H',
          },
          requestTimeout: 4,
        },
      }),
    );
    expect(settings).toMatchObject({
      vpcTtlMs: 600_000,
      ecsServiceTtlMs: 30_000,
      staleTtlMs: 7_200_000,
      aws: { requestTimeoutMs: 4_000 },
    });
  });

  it('allows the accounts of aws.accounts and fargateEndpoints.allowedAccountIds', () => {
    const settings = readFargateEndpointsSettings(
      new ConfigReader({
        aws: {
          accounts: [{ accountId: '222222222222', roleName: 'reader' }],
          accountDefaults: { roleName: 'reader' },
        },
        fargateEndpoints: { allowedAccountIds: ['111111111111'] },
      }),
    );
    expect([...settings.aws.allowedAccountIds].sort()).toEqual([
      '111111111111',
      '222222222222',
    ]);
    expect([...settings.aws.integrationAccountIds]).toEqual(['222222222222']);
    expect(settings.aws.hasAccountDefaultsRole).toBe(true);
  });

  it('fails at startup on an account id that is not 12 digits, or a zero duration', () => {
    expect(() =>
      readFargateEndpointsSettings(
        new ConfigReader({ fargateEndpoints: { allowedAccountIds: ['1111'] } }),
      ),
    ).toThrow(
      'fargateEndpoints.allowedAccountIds: "1111" is not a 12-digit AWS account id',
    );
    expect(() =>
      readFargateEndpointsSettings(
        new ConfigReader({ fargateEndpoints: { cache: { ttl: 0 } } }),
      ),
    ).toThrow('fargateEndpoints.cache.ttl must be a positive duration');
  });
});
