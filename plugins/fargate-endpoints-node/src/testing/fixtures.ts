/**
 * Fixture builders: small, realistic network models for tests, the scaffolder and examples.
 * The healthy VPC is what the product generates: an isolated VPC in two AZs with the ECR,
 * logs and S3 endpoints, an endpoint security group that admits the tasks, and the default
 * network ACL.
 */
import type {
  VpcEndpoint,
  ServiceSpec,
  VpcSnapshot,
  SecurityGroupRule,
} from '../model';
import { endpointServiceName } from '@fargate-endpoints/plugin-fargate-endpoints-common';

/**
 * The resource ids the fixtures use, so tests can name what a finding is about.
 *
 * @public
 */
export const FIXTURE_IDS = {
  accountId: '111122223333',
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  taskSubnetA: 'subnet-0aaa1111aaaa11111',
  taskSubnetB: 'subnet-0bbb2222bbbb22222',
  endpointSubnetA: 'subnet-0ccc3333cccc33333',
  endpointSubnetB: 'subnet-0ddd4444dddd44444',
  privateRouteTable: 'rtb-0private000000001',
  mainRouteTable: 'rtb-0main00000000001',
  taskSecurityGroup: 'sg-0task000000000001',
  endpointSecurityGroup: 'sg-0endpoint00000001',
  defaultNetworkAcl: 'acl-0default00000001',
  s3PrefixList: 'pl-63a5400a',
  s3Gateway: 'vpce-0s3gateway0000001',
} as const;

/**
 * Options for {@link healthyIsolatedSnapshot}.
 *
 * @public
 */
export interface HealthySnapshotOptions {
  region?: string;
  /** Interface endpoint suffixes to create; defaults to ecr.api, ecr.dkr and logs. */
  interfaceServices?: string[];
  /** ISO time of the read. */
  readAt?: string;
}

/**
 * A security group rule with empty peer lists, to spread over.
 *
 * @public
 */
export function sgRule(
  rule: Partial<SecurityGroupRule> & { protocol: string },
): SecurityGroupRule {
  return {
    cidrBlocks: [],
    ipv6CidrBlocks: [],
    prefixListIds: [],
    groupIds: [],
    ...rule,
  };
}

/**
 * An interface endpoint id for a service suffix, readable in test output.
 *
 * @public
 */
export function fixtureEndpointId(service: string): string {
  return `vpce-0${service.replace(/[^a-z0-9]/g, '')}`.padEnd(22, '0');
}

/**
 * A healthy isolated VPC: two AZs, the ECR + logs interface endpoints, the S3 gateway.
 *
 * @public
 */
export function healthyIsolatedSnapshot(
  options: HealthySnapshotOptions = {},
): VpcSnapshot {
  const region = options.region ?? 'us-east-1';
  const ids = FIXTURE_IDS;
  const interfaceServices = options.interfaceServices ?? [
    'ecr.api',
    'ecr.dkr',
    'logs',
  ];
  const interfaceEndpoints: VpcEndpoint[] = interfaceServices.map(service => ({
    id: fixtureEndpointId(service),
    serviceName: endpointServiceName(region, service),
    type: 'Interface',
    state: 'available',
    privateDnsEnabled: true,
    subnetIds: [ids.endpointSubnetA, ids.endpointSubnetB],
    securityGroupIds: [ids.endpointSecurityGroup],
    routeTableIds: [],
  }));
  return {
    region,
    accountId: ids.accountId,
    vpcId: ids.vpcId,
    cidrBlocks: ['10.0.0.0/16'],
    enableDnsSupport: true,
    enableDnsHostnames: true,
    domainNameServers: ['AmazonProvidedDNS'],
    subnets: [
      {
        id: ids.taskSubnetA,
        cidrBlock: '10.0.1.0/24',
        availabilityZone: `${region}a`,
      },
      {
        id: ids.taskSubnetB,
        cidrBlock: '10.0.2.0/24',
        availabilityZone: `${region}b`,
      },
      {
        id: ids.endpointSubnetA,
        cidrBlock: '10.0.11.0/24',
        availabilityZone: `${region}a`,
      },
      {
        id: ids.endpointSubnetB,
        cidrBlock: '10.0.12.0/24',
        availabilityZone: `${region}b`,
      },
    ],
    routeTables: [
      {
        id: ids.mainRouteTable,
        main: true,
        subnetIds: [],
        routes: [
          {
            destinationCidrBlock: '10.0.0.0/16',
            target: 'local',
            state: 'active',
          },
        ],
      },
      {
        id: ids.privateRouteTable,
        main: false,
        subnetIds: [
          ids.taskSubnetA,
          ids.taskSubnetB,
          ids.endpointSubnetA,
          ids.endpointSubnetB,
        ],
        routes: [
          {
            destinationCidrBlock: '10.0.0.0/16',
            target: 'local',
            state: 'active',
          },
          {
            destinationPrefixListId: ids.s3PrefixList,
            target: ids.s3Gateway,
            state: 'active',
          },
        ],
      },
    ],
    endpoints: [
      ...interfaceEndpoints,
      {
        id: ids.s3Gateway,
        serviceName: endpointServiceName(region, 's3'),
        type: 'Gateway',
        state: 'available',
        privateDnsEnabled: false,
        subnetIds: [],
        securityGroupIds: [],
        routeTableIds: [ids.privateRouteTable],
      },
    ],
    securityGroups: [
      {
        id: ids.taskSecurityGroup,
        name: 'payments-tasks',
        ingress: [],
        egress: [
          sgRule({
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            groupIds: [ids.endpointSecurityGroup],
          }),
          sgRule({
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            prefixListIds: [ids.s3PrefixList],
          }),
        ],
      },
      {
        id: ids.endpointSecurityGroup,
        name: 'vpc-endpoints',
        ingress: [
          sgRule({
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            groupIds: [ids.taskSecurityGroup],
          }),
        ],
        egress: [sgRule({ protocol: '-1', cidrBlocks: ['0.0.0.0/0'] })],
      },
    ],
    networkAcls: [
      {
        id: ids.defaultNetworkAcl,
        isDefault: true,
        subnetIds: [
          ids.taskSubnetA,
          ids.taskSubnetB,
          ids.endpointSubnetA,
          ids.endpointSubnetB,
        ],
        entries: [
          {
            ruleNumber: 100,
            protocol: '-1',
            action: 'allow',
            egress: false,
            cidrBlock: '0.0.0.0/0',
          },
          {
            ruleNumber: 32767,
            protocol: '-1',
            action: 'deny',
            egress: false,
            cidrBlock: '0.0.0.0/0',
          },
          {
            ruleNumber: 100,
            protocol: '-1',
            action: 'allow',
            egress: true,
            cidrBlock: '0.0.0.0/0',
          },
          {
            ruleNumber: 32767,
            protocol: '-1',
            action: 'deny',
            egress: true,
            cidrBlock: '0.0.0.0/0',
          },
        ],
      },
    ],
    s3PrefixList: {
      id: ids.s3PrefixList,
      name: endpointServiceName(region, 's3'),
      cidrs: [
        '16.182.0.0/16',
        '18.34.0.0/19',
        '3.5.0.0/19',
        '52.216.0.0/15',
        '54.231.0.0/16',
      ],
    },
    readAt: options.readAt ?? '2025-06-01T12:00:00.000Z',
    failures: [],
  };
}

/**
 * A service spec whose tasks run in the fixture's task subnets with the task security group.
 *
 * @public
 */
export function serviceSpecFor(
  snapshot: VpcSnapshot,
  overrides: Partial<ServiceSpec> = {},
): ServiceSpec {
  const { region } = snapshot;
  const account = snapshot.accountId ?? FIXTURE_IDS.accountId;
  return {
    region,
    accountId: account,
    vpcId: snapshot.vpcId,
    subnetIds: [FIXTURE_IDS.taskSubnetA, FIXTURE_IDS.taskSubnetB],
    securityGroupIds: [FIXTURE_IDS.taskSecurityGroup],
    assignPublicIp: 'DISABLED',
    needs: ['ecr', 'logs'],
    needSources: [
      { need: 'ecr', reason: 'container app pulls its image from private ECR' },
      { need: 'logs', reason: 'container app uses the awslogs log driver' },
    ],
    images: [`${account}.dkr.ecr.${region}.amazonaws.com/payments:1.4.2`],
    platformVersion: 'LATEST',
    serviceArn: `arn:aws:ecs:${region}:${account}:service/prod/payments`,
    clusterArn: `arn:aws:ecs:${region}:${account}:cluster/prod`,
    serviceName: 'payments',
    taskDefinitionArn: `arn:aws:ecs:${region}:${account}:task-definition/payments:7`,
    stoppedTasks: [],
    failures: [],
    ...overrides,
  };
}

/**
 * A copy of the snapshot with the task route table's default route pointing at `target` (igw-, nat-, tgw-, ...).
 *
 * @public
 */
export function withDefaultRoute(
  snapshot: VpcSnapshot,
  target: string,
): VpcSnapshot {
  return {
    ...snapshot,
    routeTables: snapshot.routeTables.map(table =>
      table.id === FIXTURE_IDS.privateRouteTable
        ? {
            ...table,
            routes: [
              ...table.routes,
              {
                destinationCidrBlock: '0.0.0.0/0',
                target,
                state: 'active' as const,
              },
            ],
          }
        : table,
    ),
  };
}

/**
 * A copy of the snapshot without the endpoints of one service suffix.
 *
 * @public
 */
export function withoutEndpoint(
  snapshot: VpcSnapshot,
  service: string,
): VpcSnapshot {
  const name = endpointServiceName(snapshot.region, service);
  return {
    ...snapshot,
    endpoints: snapshot.endpoints.filter(e => e.serviceName !== name),
  };
}

/**
 * A copy of the snapshot with one service's endpoints changed.
 *
 * @public
 */
export function withEndpoint(
  snapshot: VpcSnapshot,
  service: string,
  change: Partial<VpcEndpoint>,
): VpcSnapshot {
  const name = endpointServiceName(snapshot.region, service);
  return {
    ...snapshot,
    endpoints: snapshot.endpoints.map(e =>
      e.serviceName === name ? { ...e, ...change } : e,
    ),
  };
}
