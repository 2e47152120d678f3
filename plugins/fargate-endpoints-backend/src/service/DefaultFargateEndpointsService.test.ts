import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type {
  EcsServiceRead,
  ServiceSpec,
  VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { readFargateEndpointsSettings } from './config';
import { DefaultFargateEndpointsService } from './DefaultFargateEndpointsService';
import { AwsRegionReader, FargateEndpointsEngine } from './engine';

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

function snapshot(
  vpcId: string,
  failures: VpcSnapshot['failures'] = [],
): VpcSnapshot {
  return {
    region: 'eu-west-1',
    vpcId,
    cidrBlocks: ['10.0.0.0/16'],
    subnets: [
      { id: SUBNET, cidrBlock: '10.0.1.0/24', availabilityZone: 'eu-west-1a' },
    ],
    routeTables: [],
    endpoints: [],
    securityGroups: [{ id: SG, ingress: [], egress: [] }],
    networkAcls: [],
    readAt: new Date().toISOString(),
    failures,
  };
}

function ecsRead(overrides: Partial<EcsServiceRead> = {}): EcsServiceRead {
  return {
    serviceArn: ARN,
    region: 'eu-west-1',
    accountId: MAIN,
    serviceName: 'payments-api',
    subnetIds: [SUBNET],
    securityGroupIds: [SG],
    stoppedTasks: [],
    failures: [],
    ...overrides,
  };
}

/** An engine over a tiny in-memory account: rules that report the snapshot's failures as unknown. */
function fakeEngine(
  options: {
    service?: EcsServiceRead;
    vpcFailures?: VpcSnapshot['failures'];
  } = {},
) {
  const reads = { vpc: 0, ecs: 0, prefixList: 0 };
  const readers: Array<{ accountId?: string; region: string }> = [];
  const reader: AwsRegionReader = {
    async readVpcSnapshot(vpcId) {
      reads.vpc += 1;
      if (vpcId !== VPC)
        throw new NotFoundError(`VPC ${vpcId} not found in eu-west-1`);
      return snapshot(vpcId, options.vpcFailures);
    },
    async readS3PrefixList() {
      reads.prefixList += 1;
      return {
        id: 'pl-6da54004',
        name: 'com.amazonaws.eu-west-1.s3',
        cidrs: ['52.218.0.0/17'],
      };
    },
    async readEcsService() {
      reads.ecs += 1;
      return options.service ?? ecsRead();
    },
    async resolveSubnetVpcs(subnetIds) {
      return new Map(subnetIds.filter(s => s === SUBNET).map(s => [s, VPC]));
    },
  };
  const spec = (base: Partial<ServiceSpec>): ServiceSpec => ({
    region: 'eu-west-1',
    vpcId: VPC,
    subnetIds: [],
    securityGroupIds: [],
    needs: [],
    needSources: [],
    images: [],
    stoppedTasks: [],
    failures: [],
    ...base,
  });
  const engine: FargateEndpointsEngine = {
    createRegionReader: jest.fn(opts => {
      readers.push({ accountId: opts.accountId, region: opts.region });
      return reader;
    }),
    buildServiceSpec: (read, vpcId, extraNeeds) =>
      spec({ ...read, vpcId, needs: ['ecr', ...(extraNeeds ?? [])] }),
    networkServiceSpec: input => spec({ ...input, needs: input.needs }),
    evaluateService: (snap, s): CheckReport => ({
      ready: snap.failures.length === 0,
      verdict: snap.failures.length === 0 ? 'ready' : 'unknown',
      complete: snap.failures.length === 0,
      path: 'isolated',
      target: {
        region: s.region,
        accountId: s.accountId,
        vpcId: s.vpcId,
        subnetIds: s.subnetIds,
        securityGroupIds: s.securityGroupIds,
        serviceArn: s.serviceArn,
      },
      needs: s.needs,
      needSources: [],
      findings: [],
      unknown: snap.failures.map(f => ({
        check: f.part,
        rules: [],
        call: f.call,
        reason: f.reason,
      })),
      subnets: [],
      endpoints: [],
      stoppedTasks: [],
      checkedAt: snap.readAt,
    }),
  };
  return { engine, reads, readers, options };
}

function setup(
  options: {
    entities?: Entity[];
    engine?: ReturnType<typeof fakeEngine>;
    now?: () => number;
  } = {},
) {
  const fake = options.engine ?? fakeEngine();
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
    auth: mockServices.auth(),
    cache: mockServices.cache.mock(),
    logger: mockServices.logger.mock(),
    settings,
    credentialsManager,
    engine: fake.engine,
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
      target: { vpcId: VPC, serviceArn: ARN },
    });
    expect(readers).toEqual([{ accountId: MAIN, region: 'eu-west-1' }]);
  });

  it('refuses an account config does not allow, before any AWS call', async () => {
    const { service, engine, credentialsManager } = setup({
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
    expect(engine.createRegionReader).not.toHaveBeenCalled();
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
        /Annotation aws\.amazon\.com\/amazon-ecs-service-arn .* "payments-api", which is not an ECS service ARN; use the long format/,
      ),
    });
    await expect(get('bad-vpc')).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /fargate-endpoints\.io\/vpc-id .*"vpc-123" is not a vpc id/,
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
      engine: fakeEngine({
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
    const fake = fakeEngine();
    const { service, reads } = setup({
      entities: [entity],
      engine: fake,
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
    });

    // A refresh that reads everything again replaces it.
    fake.options.vpcFailures = [];
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
      engine: fakeEngine({
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
      message: `subnetIds: subnet-0fffffffffffffff0 is not in ${VPC}; subnets of that VPC: ${SUBNET}`,
    });
  });
});
