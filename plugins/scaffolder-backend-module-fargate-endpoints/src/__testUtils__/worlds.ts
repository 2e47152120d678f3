/**
 * Test support: an existing VPC in the simulated account, and reading it as the engine's
 * snapshot (what a successful `readVpcSnapshot` returns for it).
 */
import { endpointServiceName } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { VpcSnapshot } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { S3_PREFIX_LIST_ID, type World } from './terraformModel';

/** Ids of the existing VPC world. */
export const EXISTING = {
  vpcId: 'vpc-0e1e2e3e4e5e6e7e8',
  subnetA: 'subnet-0aaaaaaaaaaaaaaa1',
  subnetB: 'subnet-0bbbbbbbbbbbbbbb2',
  explicitTable: 'rtb-0aaaaaaaaaaaaaaa1',
  mainTable: 'rtb-0ffffffffffffffff',
  sharedEndpointSg: 'sg-0e0e0e0e0e0e0e0e0',
};

/**
 * An isolated VPC that already has ecr.api and ecr.dkr (private DNS, a shared security group
 * that admits nobody yet) and an S3 gateway on the main route table only. Subnet A has its
 * own route table; subnet B uses the main one.
 */
export function existingVpcWorld(region = 'eu-west-1'): World {
  const local = {
    destinationCidrBlock: '10.50.0.0/16',
    target: 'local',
    state: 'active' as const,
  };
  const s3Route = {
    destinationPrefixListId: S3_PREFIX_LIST_ID,
    target: 'vpce-0s3s3s3s3s3s3s3s',
    state: 'active' as const,
  };
  const iface = (service: string, id: string) => ({
    id,
    serviceName: endpointServiceName(region, service),
    type: 'Interface',
    state: 'available',
    privateDnsEnabled: true,
    subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
    securityGroupIds: [EXISTING.sharedEndpointSg],
    routeTableIds: [],
  });
  return {
    region,
    accountId: '123456789012',
    vpc: {
      id: EXISTING.vpcId,
      cidrBlock: '10.50.0.0/16',
      enableDnsSupport: true,
      enableDnsHostnames: true,
    },
    subnets: [
      {
        id: EXISTING.subnetA,
        cidrBlock: '10.50.0.0/20',
        availabilityZone: `${region}a`,
      },
      {
        id: EXISTING.subnetB,
        cidrBlock: '10.50.16.0/20',
        availabilityZone: `${region}b`,
      },
    ],
    routeTables: [
      {
        id: EXISTING.explicitTable,
        main: false,
        subnetIds: [EXISTING.subnetA],
        routes: [local],
      },
      {
        id: EXISTING.mainTable,
        main: true,
        subnetIds: [],
        routes: [local, s3Route],
      },
    ],
    endpoints: [
      iface('ecr.api', 'vpce-0ecrapi00000000a'),
      iface('ecr.dkr', 'vpce-0ecrdkr00000000b'),
      {
        id: 'vpce-0s3s3s3s3s3s3s3s',
        serviceName: endpointServiceName(region, 's3'),
        type: 'Gateway',
        state: 'available',
        privateDnsEnabled: false,
        subnetIds: [],
        securityGroupIds: [],
        routeTableIds: [EXISTING.mainTable],
      },
    ],
    securityGroups: [
      {
        id: EXISTING.sharedEndpointSg,
        name: 'vpc-endpoints',
        ingress: [],
        egress: [],
      },
    ],
    networkAcls: [
      {
        id: 'acl-0a0a0a0a0a0a0a0a0',
        isDefault: true,
        subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
        entries: [true, false].flatMap(egress => [
          {
            ruleNumber: 100,
            protocol: '-1',
            action: 'allow' as const,
            egress,
            cidrBlock: '0.0.0.0/0',
          },
          {
            ruleNumber: 32767,
            protocol: '-1',
            action: 'deny' as const,
            egress,
            cidrBlock: '0.0.0.0/0',
          },
        ]),
      },
    ],
  };
}

/** The world as `readVpcSnapshot` would return it. */
export function snapshotOfWorld(world: World): VpcSnapshot {
  return JSON.parse(
    JSON.stringify({
      region: world.region,
      accountId: world.accountId,
      vpcId: world.vpc!.id,
      cidrBlocks: [world.vpc!.cidrBlock],
      enableDnsSupport: world.vpc!.enableDnsSupport,
      enableDnsHostnames: world.vpc!.enableDnsHostnames,
      domainNameServers: ['AmazonProvidedDNS'],
      subnets: world.subnets,
      routeTables: world.routeTables,
      endpoints: world.endpoints,
      securityGroups: world.securityGroups,
      networkAcls: world.networkAcls,
      s3PrefixList: {
        id: S3_PREFIX_LIST_ID,
        name: endpointServiceName(world.region, 's3'),
        cidrs: ['52.218.0.0/17'],
      },
      readAt: new Date(0).toISOString(),
      failures: [],
    }),
  );
}
