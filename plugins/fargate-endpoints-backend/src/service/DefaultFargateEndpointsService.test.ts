import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  AwsReader,
  AwsReaderFactory,
  EcsServiceRead,
  VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import {
  FIXTURE_IDS,
  healthyIsolatedSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node/testUtils';
import { readFargateEndpointsSettings } from './config';
import { DefaultFargateEndpointsService } from './DefaultFargateEndpointsService';

const MAIN = '111111111111';
const OTHER = '222222222222';
const FORBIDDEN = '999999999999';
const ARN = `arn:aws:ecs:eu-west-1:${MAIN}:service/shop/payments-api`;
const VPC = 'vpc-0a1b2c3d4e5f60718';
const SUBNET = 'subnet-0a1b2c3d4e5f60718';
const SG = 'sg-0a1b2c3d4e5f60718';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** The fixture's healthy isolated VPC in eu-west-1 with a kms endpoint too, its task subnet and group named as here. */
function snapshot(failures: VpcSnapshot['failures'] = []): VpcSnapshot {
  const healthy = JSON.stringify(
    healthyIsolatedSnapshot({
      region: 'eu-west-1',
      interfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'kms'],
      readAt: new Date().toISOString(),
    }),
  )
    .replaceAll(FIXTURE_IDS.vpcId, VPC)
    .replaceAll(FIXTURE_IDS.taskSubnetA, SUBNET)
    .replaceAll(FIXTURE_IDS.taskSecurityGroup, SG);
  return { ...JSON.parse(healthy), failures };
}

function ecsRead(overrides: Partial<EcsServiceRead> = {}): EcsServiceRead {
  return {
    serviceArn: ARN,
    region: 'eu-west-1',
    accountId: MAIN,
    serviceName: 'payments-api',
    subnetIds: [SUBNET],
    securityGroupIds: [SG],
    platformVersion: 'LATEST',
    taskDefinition: {
      containerDefinitions: [
        {
          name: 'app',
          image: `${MAIN}.dkr.ecr.eu-west-1.amazonaws.com/payments:1`,
        },
      ],
    },
    stoppedTasks: [],
    failures: [],
    ...overrides,
  };
}

/** Readers over a tiny in-memory account; the engine's real pipeline and rules judge what they read. */
function fakeAccount(
  options: {
    service?: EcsServiceRead;
    vpcFailures?: VpcSnapshot['failures'];
  } = {},
) {
  const reads = { vpc: 0, ecs: 0 };
  const readers: Array<{ accountId?: string; region: string }> = [];
  const readerFactory = jest.fn<AwsReader, Parameters<AwsReaderFactory>>(
    opts => {
      readers.push({ accountId: opts.accountId, region: opts.region });
      return {
        region: opts.region,
        accountId: opts.accountId,
        async readVpcSnapshot(vpcId) {
          reads.vpc += 1;
          if (vpcId !== VPC)
            throw new NotFoundError(`VPC ${vpcId} not found in eu-west-1`);
          return snapshot(options.vpcFailures);
        },
        async readEcsService() {
          reads.ecs += 1;
          return options.service ?? ecsRead();
        },
        async resolveSubnetVpcs(subnetIds) {
          return new Map(
            subnetIds.filter(s => s === SUBNET).map(s => [s, VPC]),
          );
        },
      };
    },
  );
  return { readerFactory, reads, readers, options };
}

function setup(
  options: {
    entities?: Entity[];
    account?: ReturnType<typeof fakeAccount>;
    now?: () => number;
  } = {},
) {
  const fake = options.account ?? fakeAccount();
  const credentialsManager: jest.Mocked<AwsCredentialsManager> = {
    getCredentialProvider: jest.fn(async () => ({
      sdkCredentialProvider: async () => ({
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'secret',
      }),
    })),
  };
  const settings = readFargateEndpointsSettings(
    new ConfigReader({
      aws: { accounts: [{ accountId: OTHER, roleName: 'reader' }] },
      fargateEndpoints: { allowedAccountIds: [MAIN] },
    }),
  );
  const service = DefaultFargateEndpointsService.create({
    catalog: catalogServiceMock({ entities: options.entities ?? [] }),
    cache: mockServices.cache.mock(),
    logger: mockServices.logger.mock(),
    settings,
    credentialsManager,
    readerFactory: fake.readerFactory,
    now: options.now,
  });
  return { service, credentialsManager, ...fake };
}

const credentials = mockCredentials.user();

describe('DefaultFargateEndpointsService', () => {
  it('reports on an entity linked by ECS service ARN, with the extra needs of its annotation', async () => {
    const { service, readers } = setup({
      entities: [
        component('payments-api', {
          'aws.amazon.com/amazon-ecs-service-arn': ARN,
          'fargate-endpoints.io/needs': 'kms',
        }),
      ],
    });
    const report = await service.getEntityReport(
      'component:default/payments-api',
      { credentials },
    );
    expect(report).toMatchObject({
      entityRef: 'component:default/payments-api',
      verdict: 'ready',
      stale: false,
      needs: ['ecr', 'kms'],
      findings: [],
      target: { vpcId: VPC, serviceArn: ARN },
    });
    expect(readers).toEqual([{ accountId: MAIN, region: 'eu-west-1' }]);
  });

  it('refuses an account config does not allow, before any AWS call', async () => {
    const { service, readerFactory, credentialsManager } = setup({
      entities: [
        component('rogue', {
          'aws.amazon.com/amazon-ecs-service-arn': `arn:aws:ecs:eu-west-1:${FORBIDDEN}:service/x/rogue`,
        }),
      ],
    });
    await expect(
      service.getEntityReport('component:default/rogue', { credentials }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        `AWS account ${FORBIDDEN} is not one this Backstage may read`,
      ),
    });
    await expect(
      service.checkNetwork({
        region: 'eu-west-1',
        accountId: FORBIDDEN,
        vpcId: VPC,
        subnetIds: [SUBNET],
        securityGroupIds: [SG],
        needs: [],
      }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(readerFactory).not.toHaveBeenCalled();
    expect(credentialsManager.getCredentialProvider).not.toHaveBeenCalled();
  });

  it("uses an account's own credentials when aws.accounts lists it, the main account's otherwise", async () => {
    const { service, credentialsManager } = setup();
    const input = {
      region: 'eu-west-1',
      vpcId: VPC,
      subnetIds: [SUBNET],
      securityGroupIds: [SG],
      needs: [],
    };
    await service.checkNetwork({ ...input, accountId: OTHER });
    await service.checkNetwork({ ...input, accountId: MAIN });
    await service.checkNetwork(input);
    expect(credentialsManager.getCredentialProvider.mock.calls).toEqual([
      [{ accountId: OTHER }],
      [undefined],
      [undefined],
    ]);
  });

  it('explains what to annotate when an entity is not linked, and names a malformed annotation', async () => {
    const { service } = setup({
      entities: [
        component('plain', {}),
        component('bad-arn', {
          'aws.amazon.com/amazon-ecs-service-arn': 'payments-api',
        }),
        component('bad-vpc', {
          'fargate-endpoints.io/region': 'eu-west-1',
          'fargate-endpoints.io/vpc-id': 'vpc-123',
          'fargate-endpoints.io/subnet-ids': SUBNET,
          'fargate-endpoints.io/security-group-ids': SG,
        }),
        component('no-subnets', {
          'fargate-endpoints.io/region': 'eu-west-1',
          'fargate-endpoints.io/vpc-id': VPC,
        }),
      ],
    });
    const get = (name: string) =>
      service.getEntityReport(`component:default/${name}`, { credentials });
    await expect(get('plain')).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /not linked to a Fargate service: add the annotation aws\.amazon\.com\/amazon-ecs-service-arn/,
      ),
    });
    await expect(get('bad-arn')).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /Annotation aws\.amazon\.com\/amazon-ecs-service-arn of component:default\/bad-arn: "payments-api" is not an ECS service ARN; expected arn:<partition>:ecs:/,
      ),
    });
    await expect(get('bad-vpc')).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /fargate-endpoints\.io\/vpc-id .*"vpc-123" is not a VPC id/,
      ),
    });
    await expect(get('no-subnets')).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('no fargate-endpoints.io/subnet-ids'),
    });
    await expect(get('missing')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('reports an unreadable ECS service as unknown with the reason, not as an error', async () => {
    const { service, reads } = setup({
      entities: [
        component('payments-api', {
          'aws.amazon.com/amazon-ecs-service-arn': ARN,
        }),
      ],
      account: fakeAccount({
        service: ecsRead({
          subnetIds: [],
          securityGroupIds: [],
          failures: [
            {
              part: 'service',
              call: 'DescribeServices',
              reason:
                'AccessDeniedException: not authorized to perform ecs:DescribeServices',
            },
          ],
        }),
      }),
    });
    const report = await service.getEntityReport(
      'component:default/payments-api',
      { credentials },
    );
    expect(report).toMatchObject({
      verdict: 'unknown',
      ready: false,
      complete: false,
      path: 'unknown',
    });
    expect(report.unknown).toEqual([
      expect.objectContaining({
        call: 'DescribeServices',
        reason:
          'AccessDeniedException: not authorized to perform ecs:DescribeServices',
      }),
    ]);
    expect(reads.vpc).toBe(0);
  });

  it('gives the age of the AWS state, and marks it stale past the TTL when a refresh reads less', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const entity = component('net', {
      'fargate-endpoints.io/region': 'eu-west-1',
      'fargate-endpoints.io/vpc-id': VPC,
      'fargate-endpoints.io/subnet-ids': SUBNET,
      'fargate-endpoints.io/security-group-ids': SG,
    });
    const fake = fakeAccount();
    const { service, reads } = setup({
      entities: [entity],
      account: fake,
      now: () => clock,
    });
    await service.getEntityReport('component:default/net', { credentials });
    clock += 90_000;
    const cached = await service.getEntityReport('component:default/net', {
      credentials,
    });
    expect(cached).toMatchObject({
      ageSeconds: 90,
      stale: false,
      needs: ['ecr', 'logs'],
      verdict: 'ready',
    });
    expect(reads.vpc).toBe(1);

    // Past the 5-minute TTL AWS starts throttling: the earlier read is served, labelled stale.
    clock += 300_000;
    fake.options.vpcFailures = [
      {
        part: 'routeTables',
        call: 'DescribeRouteTables',
        reason: 'throttled (RequestLimitExceeded) after 3 attempts',
      },
    ];
    const stale = await service.getEntityReport('component:default/net', {
      credentials,
    });
    expect(reads.vpc).toBe(2);
    expect(stale).toMatchObject({
      verdict: 'ready',
      ageSeconds: 390,
      stale: true,
      staleReason:
        'DescribeRouteTables: throttled (RequestLimitExceeded) after 3 attempts',
      staleSince: new Date(clock).toISOString(),
    });

    // A refresh right after is answered by that attempt: a flood of refreshes is one read.
    fake.options.vpcFailures = [];
    const again = await service.getEntityReport('component:default/net', {
      credentials,
      refresh: true,
    });
    expect(reads.vpc).toBe(2);
    expect(again).toMatchObject({
      stale: true,
      staleReason: expect.any(String),
    });

    // Past the minimum refresh interval a refresh reads everything again and replaces it.
    clock += 20_000;
    const refreshed = await service.getEntityReport('component:default/net', {
      credentials,
      refresh: true,
    });
    expect(reads.vpc).toBe(3);
    expect(refreshed).toMatchObject({
      verdict: 'ready',
      ageSeconds: 0,
      stale: false,
    });
  });

  // A live service pointing at a deleted group is the rules' business (the engine's check.test.ts).
  it('rejects network input naming subnets of another VPC', async () => {
    const { service } = setup({
      entities: [
        component('payments-api', {
          'aws.amazon.com/amazon-ecs-service-arn': ARN,
        }),
      ],
      account: fakeAccount({
        service: ecsRead({ securityGroupIds: [SG, 'sg-0fffffffffffffff0'] }),
      }),
    });
    await expect(
      service.checkNetwork({
        region: 'eu-west-1',
        vpcId: VPC,
        subnetIds: ['subnet-0fffffffffffffff0'],
        securityGroupIds: [SG],
        needs: ['ecr'],
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        `^subnetIds: subnet-0fffffffffffffff0 is not in ${VPC}; subnets of that VPC: ${SUBNET}, `,
      ),
    });
  });
});
