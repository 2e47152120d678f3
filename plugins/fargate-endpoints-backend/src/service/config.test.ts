import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
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
        // 90% of AWS's documented bucket of every action group.
        requestRates: {
          'ec2-describe': { requestsPerSecond: 18, burst: 90 },
          'ec2-unfiltered-describe': { requestsPerSecond: 9, burst: 45 },
          'ecs-services': { requestsPerSecond: 18, burst: 90 },
          'ecs-tasks': { requestsPerSecond: 18, burst: 90 },
          'ecs-task-definitions': { requestsPerSecond: 18, burst: 45 },
          'ecs-clusters': { requestsPerSecond: 18, burst: 45 },
          'ecs-other': { requestsPerSecond: 9, burst: 45 },
          route53: { requestsPerSecond: 9, burst: 45 },
          efs: { requestsPerSecond: 9, burst: 45 },
          ecr: { requestsPerSecond: 9, burst: 45 },
        },
        retryBaseDelayMs: undefined,
      },
    });
    expect([...settings.aws.allowedAccountIds]).toEqual([]);
  });

  it('reads pacing per action group, with the older EC2 and ECS shorthands, and names a wrong group', () => {
    const settings = readFargateEndpointsSettings(
      new ConfigReader({
        fargateEndpoints: {
          aws: {
            ecsRequestRate: { requestsPerSecond: 5, burst: 10 },
            requestRates: {
              'ecs-task-definitions': { requestsPerSecond: 2 },
            },
          },
        },
      }),
    );
    expect(settings.aws.requestRates).toMatchObject({
      'ec2-describe': { requestsPerSecond: 18, burst: 90 },
      'ecs-services': { requestsPerSecond: 5, burst: 10 },
      'ecs-tasks': { requestsPerSecond: 5, burst: 10 },
      'ecs-task-definitions': { requestsPerSecond: 2, burst: 10 },
    });
    expect(() =>
      readFargateEndpointsSettings(
        new ConfigReader({
          fargateEndpoints: {
            aws: { requestRates: { ecs: { requestsPerSecond: 2 } } },
          },
        }),
      ),
    ).toThrow(
      'fargateEndpoints.aws.requestRates.ecs is not an action group; use one of ec2-describe',
    );
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

  describe('sweep.frequency across config files', () => {
    /** app-config.yaml first, then an override file, as `--config a --config b` layers them. */
    const layered = (base: JsonValue, override: JsonValue) =>
      readFargateEndpointsSettings(
        ConfigReader.fromConfigs([
          {
            context: 'app-config.yaml',
            data: { fargateEndpoints: { sweep: { frequency: base } } },
          },
          {
            context: 'app-config.local.yaml',
            data: { fargateEndpoints: { sweep: { frequency: override } } },
          },
        ]),
      ).sweep.frequencyMs;

    it('takes a string or a number of seconds in the override file as the whole cadence, whatever the base says', () => {
      expect(layered('1m', '20s')).toBe(20_000);
      expect(layered({ minutes: 1 }, '20s')).toBe(20_000);
      expect(layered({ minutes: 1 }, 'PT20S')).toBe(20_000);
      expect(layered('1m', 20)).toBe(20_000);
    });

    it('adds up object forms, as Backstage merges objects key by key (why the app config writes a string)', () => {
      expect(layered({ minutes: 1 }, { seconds: 20 })).toBe(80_000);
    });
  });
});
