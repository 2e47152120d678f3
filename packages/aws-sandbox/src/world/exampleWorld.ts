import { ecrImage, ecsService, EcsServiceFixture } from './ecsBuilders';
import {
  endpointSecurityGroup,
  isolatedVpc,
  natVpc,
  taskSecurityGroup,
  taskSubnetIds,
} from './vpcBuilders';
import { addToWorld, regionOf, sandboxWorld } from './world';
import { hubAndSpoke, shareZonesThroughProfile } from './hubBuilders';
import { awsId } from './ids';
import type { SandboxVpc, SandboxWorld } from './types';

/** The account of the example world. */
export const EXAMPLE_ACCOUNT_ID = '111111111111';
/** The region of the example world. */
export const EXAMPLE_REGION = 'eu-west-1';
/** The shared-services (hub) account of the example world: its VPC holds shared endpoints. */
export const EXAMPLE_HUB_ACCOUNT_ID = '222222222222';
/** The access key id the sandbox maps to the hub account (secret: anything). */
export const EXAMPLE_HUB_ACCESS_KEY_ID = 'AKIASANDBOXHUB000000';

const PAYMENTS_SECRET = `arn:aws:secretsmanager:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT_ID}:secret:payments/db-credentials-Xy12Ab`;

/** What the example world says about one of its services. */
export interface ExampleService {
  serviceName: string;
  clusterName: string;
  serviceArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  /** The interface endpoints' security group, if the VPC has endpoints. */
  endpointSecurityGroupId?: string;
  /** What the task definition and service imply (the needs vocabulary). */
  needs: string[];
  /** The egress path of the task subnets. */
  path: 'isolated' | 'nat';
  /** Set when the service reaches shared endpoints in the hub account's VPC. */
  hubAccountId?: string;
  /** What a correct checker concludes. */
  expectation: string;
}

interface ExampleParts {
  vpc: SandboxVpc;
  fixture: EcsServiceFixture;
  needs: string[];
  path: ExampleService['path'];
  expectation: string;
  hubAccountId?: string;
  /** Puts what lives outside the service's VPC into the world (the hub, zones, lists). */
  populate?: (world: SandboxWorld) => void;
}

const where = { region: EXAMPLE_REGION, accountId: EXAMPLE_ACCOUNT_ID };

function paymentsApi(): ExampleParts {
  const vpc = isolatedVpc({
    name: 'payments',
    region: EXAMPLE_REGION,
    cidrBlock: '10.10.0.0/16',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'],
    s3Gateway: 'task-route-table',
  });
  const fixture = ecsService({
    ...where,
    serviceName: 'payments-api',
    clusterName: 'shop',
    vpc,
    image: ecrImage(
      EXAMPLE_ACCOUNT_ID,
      EXAMPLE_REGION,
      'payments-api',
      '4.2.0',
    ),
    secrets: [PAYMENTS_SECRET],
    stoppedTasks: [
      {
        stoppedReason: 'Essential container in task exited',
        stopCode: 'EssentialContainerExited',
        exitCode: 1,
      },
    ],
    // One of its two tasks exited (the app crashed): running below desired until the
    // scheduler's replacement starts, so the checker reads its stopped tasks.
    desiredCount: 2,
    runningCount: 1,
    events: [
      {
        message: '(service payments-api) has reached a steady state.',
        createdAt: '2026-11-21T08:30:00.000Z',
      },
    ],
  });
  return {
    vpc,
    fixture,
    needs: ['ecr', 'logs', 'secretsmanager'],
    path: 'isolated',
    expectation: 'ready: every needed endpoint exists and is reachable',
  };
}

function ordersWorker(): ExampleParts {
  const vpc = isolatedVpc({
    name: 'orders',
    region: EXAMPLE_REGION,
    cidrBlock: '10.20.0.0/16',
    interfaceEndpoints: ['ecr.dkr', 'logs'],
    s3Gateway: 'other-route-table',
  });
  const image = ecrImage(
    EXAMPLE_ACCOUNT_ID,
    EXAMPLE_REGION,
    'orders-worker',
    '2.3.1',
  );
  const fixture = ecsService({
    ...where,
    serviceName: 'orders-worker',
    clusterName: 'shop',
    vpc,
    image,
    stoppedTasks: [
      {
        stoppedReason:
          'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
          'unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed ' +
          `caused by: Post "https://api.ecr.${EXAMPLE_REGION}.amazonaws.com/": dial tcp 52.95.122.38:443: i/o timeout. ` +
          'Please check your task network configuration.',
      },
      {
        stoppedReason:
          'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
          'unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed ' +
          `caused by: Post "https://api.ecr.${EXAMPLE_REGION}.amazonaws.com/": dial tcp 52.95.121.114:443: i/o timeout. ` +
          'Please check your task network configuration.',
      },
      {
        stoppedReason:
          'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to copy',
        containerReason:
          `CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: ` +
          `failed to do request: Get "https://prod-${EXAMPLE_REGION}-starport-layer-bucket.s3.${EXAMPLE_REGION}.amazonaws.com/` +
          `7c1a52-${EXAMPLE_ACCOUNT_ID}-4d0b9e2c-07a1-41c4-6a3e-0e5f0d8b6a7c/3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9?X-Amz-Security-Token=IQoJb3JpZ2luX2VjE...` +
          `": dial tcp 52.218.30.66:443: i/o timeout`,
      },
    ],
    events: [
      {
        message:
          '(service orders-worker) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
        createdAt: '2026-11-21T08:55:00.000Z',
      },
      {
        message:
          '(service orders-worker) has started 2 tasks: (task 5d1f0c3b) (task 9a7e2d41).',
        createdAt: '2026-11-21T08:50:00.000Z',
      },
    ],
  });
  // The CannotPullContainerError surfaces as the container's reason and the task's reason.
  const pull = fixture.tasks[2];
  pull.stoppedReason = pull.containers?.[0]?.reason ?? pull.stoppedReason;
  return {
    vpc,
    fixture,
    needs: ['ecr', 'logs'],
    path: 'isolated',
    expectation:
      'not ready: missing-endpoint ecr.api; s3-route-table-missing (the S3 gateway is on the main route table, the task subnets use their own)',
  };
}

function legacyReports(): ExampleParts {
  const vpc = natVpc({
    name: 'reporting',
    region: EXAMPLE_REGION,
    cidrBlock: '10.30.0.0/16',
  });
  const fixture = ecsService({
    ...where,
    serviceName: 'legacy-reports',
    clusterName: 'reporting',
    vpc,
    image: ecrImage(
      EXAMPLE_ACCOUNT_ID,
      EXAMPLE_REGION,
      'legacy-reports',
      '1.9.0',
    ),
    platformVersion: '1.4.0',
  });
  return {
    vpc,
    fixture,
    needs: ['ecr', 'logs'],
    path: 'nat',
    expectation:
      'ready on NAT: nat-egress (info) with a NAT processing cost estimate',
  };
}

function analyticsApi(): ExampleParts {
  const landingZone = hubAndSpoke({
    name: 'analytics',
    region: EXAMPLE_REGION,
    spokeAccountId: EXAMPLE_ACCOUNT_ID,
    spokeCidr: '10.40.0.0/16',
    services: ['ecr.api', 'ecr.dkr', 'logs'],
  });
  const vpc = landingZone.spokeVpc;
  const fixture = ecsService({
    ...where,
    serviceName: 'analytics-api',
    clusterName: 'data',
    vpc,
    image: ecrImage(
      EXAMPLE_ACCOUNT_ID,
      EXAMPLE_REGION,
      'analytics-api',
      '0.9.3',
    ),
    events: [
      {
        message: '(service analytics-api) has reached a steady state.',
        createdAt: '2026-11-21T09:10:00.000Z',
      },
    ],
  });
  return {
    vpc,
    fixture,
    needs: ['ecr', 'logs'],
    path: 'isolated',
    hubAccountId: EXAMPLE_HUB_ACCOUNT_ID,
    expectation:
      "ready through the hub: the spoke has only its S3 gateway; ecr.api, ecr.dkr and logs come from the hub VPC over a transit gateway, the ECR zones associated with the spoke, the logs zone through the hub's Route 53 Profile (unknown without a hub role: the zones belong to the hub account)",
    populate: world => {
      world.accessKeys[EXAMPLE_HUB_ACCESS_KEY_ID] = EXAMPLE_HUB_ACCOUNT_ID;
      const hub = regionOf(world, EXAMPLE_HUB_ACCOUNT_ID, EXAMPLE_REGION);
      hub.vpcs.push(landingZone.hubVpc);
      const hubAccount = world.accounts[EXAMPLE_HUB_ACCOUNT_ID];
      hubAccount.hostedZones = [
        ...(hubAccount.hostedZones ?? []),
        ...landingZone.zones,
      ];
      regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION).prefixLists.push(
        landingZone.hubPrefixList,
      );
      // The logs zone reaches the spoke through the hub's Route 53 Profile (shared with the
      // spoke account through AWS RAM), the ECR zones by direct association: both ways at once.
      shareZonesThroughProfile(world, {
        hubAccountId: EXAMPLE_HUB_ACCOUNT_ID,
        spokeAccountId: EXAMPLE_ACCOUNT_ID,
        region: EXAMPLE_REGION,
        spokeVpcId: vpc.id,
        zoneIds: landingZone.zones
          .filter(z => z.name.startsWith('logs.'))
          .map(z => z.id),
      });
    },
  };
}

function inventoryApi(): ExampleParts {
  // A shared-services VPC in the workload's own account (over a transit gateway), as smaller
  // organisations build it: the zones and the endpoints are this account's, read with its
  // own credentials, no hub role.
  const landingZone = hubAndSpoke({
    name: 'inventory',
    region: EXAMPLE_REGION,
    spokeAccountId: EXAMPLE_ACCOUNT_ID,
    spokeCidr: '10.60.0.0/16',
    hubCidr: '10.110.0.0/16',
    zoneIdSeed: `${EXAMPLE_ACCOUNT_ID}:`,
    services: ['ecr.api', 'ecr.dkr', 'logs'],
  });
  const vpc = landingZone.spokeVpc;
  const fixture = ecsService({
    ...where,
    serviceName: 'inventory-api',
    clusterName: 'shop',
    vpc,
    image: ecrImage(
      EXAMPLE_ACCOUNT_ID,
      EXAMPLE_REGION,
      'inventory-api',
      '2.4.0',
    ),
    events: [
      {
        message: '(service inventory-api) has reached a steady state.',
        createdAt: '2026-11-21T09:20:00.000Z',
      },
    ],
  });
  return {
    vpc,
    fixture,
    needs: ['ecr', 'logs'],
    path: 'isolated',
    expectation:
      "ready through a shared-services VPC of its own account: ecr.api, ecr.dkr and logs come from that VPC's endpoints over a transit gateway and private hosted zones this account owns, read with the account's own credentials",
    populate: world => {
      const own = regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION);
      own.vpcs.push(landingZone.hubVpc);
      own.prefixLists.push(landingZone.hubPrefixList);
      const account = world.accounts[EXAMPLE_ACCOUNT_ID];
      account.hostedZones = [
        ...(account.hostedZones ?? []),
        ...landingZone.zones,
      ];
    },
  };
}

function mediaWorker(): ExampleParts {
  const vpc = isolatedVpc({
    name: 'media',
    region: EXAMPLE_REGION,
    cidrBlock: '10.50.0.0/16',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'],
    s3Gateway: 'task-route-table',
  });
  const tasks = taskSecurityGroup(vpc);
  const efsGroup = {
    id: awsId('sg', 'media:efs'),
    name: 'media-efs',
    description: 'EFS mount targets: NFS from the tasks',
    ingress: [
      { protocol: 'tcp', fromPort: 2049, toPort: 2049, groupIds: [tasks.id] },
    ],
    egress: [],
  };
  vpc.securityGroups.push(efsGroup);
  tasks.egress.push({
    protocol: 'tcp',
    fromPort: 2049,
    toPort: 2049,
    groupIds: [efsGroup.id],
  });
  const fileSystemId = `fs-${awsId('x', 'media:assets').slice(3, 20)}`;
  const fixture = ecsService({
    ...where,
    serviceName: 'media-worker',
    clusterName: 'shop',
    vpc,
    image: ecrImage(
      EXAMPLE_ACCOUNT_ID,
      EXAMPLE_REGION,
      'media-worker',
      '3.1.0',
    ),
  });
  fixture.taskDefinition.volumes = [
    {
      name: 'assets',
      efsVolumeConfiguration: { fileSystemId, transitEncryption: 'ENABLED' },
    },
  ];
  fixture.taskDefinition.containerDefinitions[0].mountPoints = [
    { sourceVolume: 'assets', containerPath: '/mnt/assets' },
  ];
  // A sidecar pulled through the registry's ECR Public pull-through cache, already cached.
  const cacheRepository = 'ecr-public/docker/library/redis';
  fixture.taskDefinition.containerDefinitions.push({
    name: 'thumbnail-cache',
    image: ecrImage(EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION, cacheRepository, '7.4'),
    essential: true,
  });
  // And one from the shared-services account's registry, which lets this account pull it.
  const sharedRepository = 'platform/image-tools';
  fixture.taskDefinition.containerDefinitions.push({
    name: 'image-tools',
    image: ecrImage(
      EXAMPLE_HUB_ACCOUNT_ID,
      EXAMPLE_REGION,
      sharedRepository,
      '2.0.1',
    ),
    essential: false,
  });
  const taskSubnets = vpc.subnets.filter(s => s.role === 'tasks');
  return {
    vpc,
    fixture,
    needs: ['ecr', 'logs'],
    path: 'isolated',
    expectation:
      'ready with an EFS volume: a mount target in every task AZ, NFS (TCP 2049) open both ways; its sidecar image is already in the ECR pull-through cache, and the shared-services account repository policy lets it pull its other sidecar',
    populate: world => {
      const region = regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION);
      region.pullThroughCacheRules = [
        ...(region.pullThroughCacheRules ?? []),
        {
          ecrRepositoryPrefix: 'ecr-public',
          upstreamRegistryUrl: 'public.ecr.aws',
        },
      ];
      region.repositories = [
        ...(region.repositories ?? []),
        { name: cacheRepository, imageTags: ['7.4'] },
      ];
      const shared = regionOf(world, EXAMPLE_HUB_ACCOUNT_ID, EXAMPLE_REGION);
      shared.repositories = [
        ...(shared.repositories ?? []),
        {
          name: sharedRepository,
          imageTags: ['2.0.1'],
          policyText: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AllowPullFromWorkloadAccounts',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${EXAMPLE_ACCOUNT_ID}:root` },
                Action: [
                  'ecr:BatchGetImage',
                  'ecr:GetDownloadUrlForLayer',
                  'ecr:BatchCheckLayerAvailability',
                  'ecr:GetRepositoryPolicy',
                ],
              },
            ],
          }),
        },
      ];
      region.fileSystems = [
        ...(region.fileSystems ?? []),
        {
          id: fileSystemId,
          mountTargets: taskSubnets.map((subnet, i) => ({
            id: `fsmt-${awsId('x', `media:${subnet.id}`).slice(3, 20)}`,
            subnetId: subnet.id,
            securityGroupIds: [efsGroup.id],
            ipAddress: subnet.cidrBlock.replace(/0\/24$/, `${10 + i}`),
          })),
        },
      ];
    },
  };
}

const EXAMPLES = [
  paymentsApi,
  ordersWorker,
  legacyReports,
  analyticsApi,
  mediaWorker,
  inventoryApi,
];

/** The names of the example services. */
export type ExampleServiceName =
  | 'payments-api'
  | 'orders-worker'
  | 'legacy-reports'
  | 'analytics-api'
  | 'media-worker'
  | 'inventory-api';

function describe(parts: ExampleParts): ExampleService {
  const { vpc, fixture } = parts;
  return {
    serviceName: fixture.service.serviceName,
    clusterName: fixture.clusterName,
    serviceArn: fixture.serviceArn,
    clusterArn: fixture.clusterArn,
    taskDefinitionArn: fixture.taskDefinitionArn,
    vpcId: vpc.id,
    subnetIds: taskSubnetIds(vpc),
    securityGroupIds: [taskSecurityGroup(vpc).id],
    endpointSecurityGroupId: endpointSecurityGroup(vpc)?.id,
    needs: parts.needs,
    path: parts.path,
    expectation: parts.expectation,
    hubAccountId: parts.hubAccountId,
  };
}

/**
 * The example services by name: `payments-api` (healthy), `orders-worker` (broken),
 * `legacy-reports` (NAT), `analytics-api` (shared endpoints in the hub account's VPC).
 */
export const EXAMPLE_SERVICES: Readonly<
  Record<ExampleServiceName, ExampleService>
> = Object.freeze(
  Object.fromEntries(
    EXAMPLES.map(build => {
      const described = describe(build());
      return [described.serviceName, described];
    }),
  ) as Record<ExampleServiceName, ExampleService>,
);

/**
 * The example world, freshly built (tests may mutate it): account 111111111111, eu-west-1,
 * three services in three VPCs. See the package README for the table.
 */
export function createExampleWorld(): SandboxWorld {
  const world = sandboxWorld({ defaultAccountId: EXAMPLE_ACCOUNT_ID });
  for (const build of EXAMPLES) {
    const { vpc, fixture, populate } = build();
    addToWorld(world, where, { vpcs: [vpc], services: [fixture] });
    populate?.(world);
  }
  return world;
}
