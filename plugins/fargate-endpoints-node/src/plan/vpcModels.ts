/**
 * The VPCs a plan starts from when there is no live snapshot: a VPC the repository will
 * create, and an existing VPC that was not read, of which only the user's word is known.
 * Both are ordinary snapshots, so the same rules judge them and the same planner plans them.
 */
import {
  endpointRequirements,
  endpointServiceName,
  type Need,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type {
  NetworkAcl,
  PrefixList,
  RouteTable,
  SecurityGroup,
  Subnet,
  VpcEndpoint,
  VpcSnapshot,
} from '../model';
import { cidrSubnet } from '../network/cidr';
import {
  DECLARED_TASK_ROUTE_TABLES,
  declaredEndpointId,
  declaredEndpointSecurityGroupId,
  PLANNED_TASK_SECURITY_GROUP,
  plannedRouteTableId,
  plannedSubnetId,
} from './plannedIds';

/** The id of a VPC a plan creates. */
export const PLANNED_VPC_ID = 'planned:vpc';

/**
 * The S3 prefix list of a region as a plan models it: its id is looked up at apply time
 * (the gateway endpoint's `prefix_list_id`); the CIDR stands for the prefix list's entries.
 */
export const PLANNED_S3_PREFIX_LIST_ID = 'planned:pl:s3';

/** An address no real subnet has: the CIDR of a subnet whose CIDR was not read. */
const UNKNOWN_SUBNET_CIDR = '255.255.255.255/32';

/** A new VPC's default network ACL: AWS creates it allowing all traffic both ways (VPC User Guide, "Default network ACL"). */
function defaultNetworkAcl(id: string, subnetIds: string[]): NetworkAcl {
  const allowAll = (egress: boolean) => ({
    ruleNumber: 100,
    protocol: '-1',
    action: 'allow' as const,
    egress,
    cidrBlock: '0.0.0.0/0',
  });
  return {
    id,
    isDefault: true,
    subnetIds,
    entries: [allowAll(false), allowAll(true)],
  };
}

/** The region's S3 prefix list as a plan models it (see {@link PLANNED_S3_PREFIX_LIST_ID}). */
export function plannedS3PrefixList(region: string): PrefixList {
  return {
    id: PLANNED_S3_PREFIX_LIST_ID,
    name: endpointServiceName(region, 's3'),
    // Any public range stands in for S3's: the default NACL admits all of them alike.
    cidrs: ['52.216.0.0/15'],
  };
}

/**
 * What a new VPC is made of.
 *
 * @public
 */
export interface NewVpcInput {
  region: string;
  accountId?: string;
  /** The VPC's IPv4 block; each AZ gets `cidrsubnet(cidr, 2, i)`. */
  cidr: string;
  /** AZs, 1 to 4 (a quarter of the block each). */
  azCount: number;
}

/**
 * The subnets of a new VPC, one per AZ, as Terraform's `cidrsubnet(cidr, 2, i)` computes them.
 *
 * @public
 */
export function newVpcSubnetCidrs(cidr: string, azCount: number): string[] {
  return Array.from({ length: azCount }, (_, i) => cidrSubnet(cidr, 2, i));
}

/**
 * The isolated VPC a generated service creates: one private subnet per AZ, each with its own
 * route table holding only the local route, the default NACL, DNS support and hostnames on,
 * the Amazon resolver, and no endpoints yet. AZ names stand for the first AZs Terraform picks.
 *
 * @public
 */
export function newVpcSnapshot(input: NewVpcInput): VpcSnapshot {
  const cidrs = newVpcSubnetCidrs(input.cidr, input.azCount);
  const subnets: Subnet[] = cidrs.map((cidrBlock, i) => ({
    id: plannedSubnetId(i),
    cidrBlock,
    availabilityZone: `${input.region}${String.fromCharCode(97 + i)}`,
  }));
  const local = {
    destinationCidrBlock: input.cidr,
    target: 'local',
    state: 'active' as const,
  };
  const routeTables: RouteTable[] = [
    { id: 'planned:rtb:main', main: true, subnetIds: [], routes: [local] },
    ...subnets.map((s, i) => ({
      id: plannedRouteTableId(i),
      main: false,
      subnetIds: [s.id],
      routes: [local],
    })),
  ];
  return {
    region: input.region,
    accountId: input.accountId,
    vpcId: PLANNED_VPC_ID,
    cidrBlocks: [input.cidr],
    enableDnsSupport: true,
    enableDnsHostnames: true,
    domainNameServers: ['AmazonProvidedDNS'],
    subnets,
    routeTables,
    endpoints: [],
    securityGroups: [],
    networkAcls: [
      defaultNetworkAcl(
        'planned:acl:default',
        subnets.map(s => s.id),
      ),
    ],
    s3PrefixList: plannedS3PrefixList(input.region),
    readAt: new Date(0).toISOString(),
    failures: [],
  };
}

/**
 * What the user says about an existing VPC that was not read.
 *
 * @public
 */
export interface DeclaredVpcInput {
  region: string;
  accountId?: string;
  vpcId: string;
  subnetIds: string[];
  /** Endpoint service suffixes the user says the VPC has (`ecr.api`, `s3`, ...). */
  existingEndpoints: string[];
  /** The needs, to type the declared endpoints (Gateway for s3, Interface otherwise). */
  needs: Need[];
}

/**
 * An existing VPC known only from the user's word, modelled pessimistically: each task
 * subnet in an AZ of its own, the task subnets on route tables found at apply time that the
 * declared S3 gateway is not on yet, declared interface endpoints with private DNS whose
 * security groups admit nobody yet, DNS on (the generated Terraform asserts it at plan time).
 *
 * @public
 */
export function declaredVpcSnapshot(input: DeclaredVpcInput): VpcSnapshot {
  const subnets: Subnet[] = input.subnetIds.map((id, i) => ({
    id,
    cidrBlock: UNKNOWN_SUBNET_CIDR,
    availabilityZone: `declared-az-${i}`,
  }));
  const types = new Map(
    endpointRequirements([...input.needs, ...input.existingEndpoints]).map(
      r => [r.service, r.type],
    ),
  );
  types.set('s3', 'Gateway');
  const endpoints: VpcEndpoint[] = [...new Set(input.existingEndpoints)].map(
    service => {
      const gateway = types.get(service) === 'Gateway';
      return {
        id: declaredEndpointId(service),
        serviceName: endpointServiceName(input.region, service),
        type: gateway ? 'Gateway' : 'Interface',
        state: 'available',
        privateDnsEnabled: !gateway,
        subnetIds: gateway ? [] : input.subnetIds,
        securityGroupIds: gateway
          ? []
          : [declaredEndpointSecurityGroupId(service)],
        routeTableIds: [],
      };
    },
  );
  const securityGroups: SecurityGroup[] = endpoints.flatMap(e =>
    e.securityGroupIds.map(id => ({ id, ingress: [], egress: [] })),
  );
  return {
    region: input.region,
    accountId: input.accountId,
    vpcId: input.vpcId,
    cidrBlocks: [],
    enableDnsSupport: true,
    enableDnsHostnames: true,
    domainNameServers: ['AmazonProvidedDNS'],
    subnets,
    routeTables: [
      {
        id: DECLARED_TASK_ROUTE_TABLES,
        main: false,
        subnetIds: input.subnetIds,
        routes: [],
      },
    ],
    endpoints,
    securityGroups,
    networkAcls: [defaultNetworkAcl('declared:acl', input.subnetIds)],
    s3PrefixList: plannedS3PrefixList(input.region),
    readAt: new Date(0).toISOString(),
    failures: [],
  };
}

/**
 * The snapshot with the task security group a generated service creates: no rules yet
 * (Terraform removes the default allow-all egress of a group it creates).
 *
 * @public
 */
export function withPlannedTaskSecurityGroup(
  snapshot: VpcSnapshot,
): VpcSnapshot {
  if (snapshot.securityGroups.some(g => g.id === PLANNED_TASK_SECURITY_GROUP))
    return snapshot;
  return {
    ...snapshot,
    securityGroups: [
      ...snapshot.securityGroups,
      { id: PLANNED_TASK_SECURITY_GROUP, ingress: [], egress: [] },
    ],
  };
}
