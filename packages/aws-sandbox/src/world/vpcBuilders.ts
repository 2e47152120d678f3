import { awsId } from './ids';
import { s3PrefixListId } from './prefixLists';
import type {
  SandboxNetworkAcl,
  SandboxRouteTable,
  SandboxSecurityGroup,
  SandboxSecurityGroupRule,
  SandboxSubnet,
  SandboxVpc,
  SandboxVpcEndpoint,
} from './types';
import { endpointServiceName } from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** The endpoint policy EC2 reports when none was set. */
export const FULL_ACCESS_POLICY = JSON.stringify({
  Version: '2008-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
});

/** Options shared by the VPC builders. */
export interface VpcOptions {
  /** Names the VPC and seeds every id in it: the same name always gives the same ids. */
  name: string;
  region: string;
  /** A /16; subnets are carved as /24s. Defaults to 10.0.0.0/16. */
  cidrBlock?: string;
  /** Number of AZs (a, b, c...) or explicit AZ names. Defaults to 2. */
  azs?: number | string[];
  /** Interface endpoint service suffixes (`ecr.api`, `logs`, ...), one subnet per AZ. */
  interfaceEndpoints?: string[];
  /** Private DNS on the interface endpoints. Defaults to true. */
  privateDns?: boolean;
  /**
   * The S3 gateway endpoint: on the task subnets' route table (the working setup), on another
   * route table only (the classic mistake), or absent.
   */
  s3Gateway?: 'task-route-table' | 'other-route-table' | 'none';
  enableDnsSupport?: boolean;
  enableDnsHostnames?: boolean;
  /** DHCP options domain-name-servers. Defaults to AmazonProvidedDNS. */
  domainNameServers?: string[];
}

function availabilityZones(options: VpcOptions): string[] {
  const azs = options.azs ?? 2;
  if (Array.isArray(azs)) return azs;
  return Array.from(
    { length: azs },
    (_, i) => `${options.region}${'abcdef'[i]}`,
  );
}

/** The /24 number `n` inside the VPC's /16 (10.0.0.0/16, 3 → 10.0.3.0/24). */
function subnetCidr(vpcCidr: string, n: number): string {
  const [a, b] = vpcCidr.split('/')[0].split('.');
  return `${a}.${b}.${n}.0/24`;
}

/** A TCP 443 rule to or from security groups. */
export function httpsWithGroups(
  ...groupIds: string[]
): SandboxSecurityGroupRule {
  return { protocol: 'tcp', fromPort: 443, toPort: 443, groupIds };
}

/** A TCP 443 rule to or from CIDR blocks. */
export function httpsWithCidrs(
  ...cidrBlocks: string[]
): SandboxSecurityGroupRule {
  return { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks };
}

/** A TCP 443 rule to prefix lists (the S3 gateway endpoint's). */
export function httpsToPrefixLists(
  ...prefixListIds: string[]
): SandboxSecurityGroupRule {
  return { protocol: 'tcp', fromPort: 443, toPort: 443, prefixListIds };
}

/** All traffic to or from CIDR blocks (the default egress rule is `allTraffic('0.0.0.0/0')`). */
export function allTraffic(...cidrBlocks: string[]): SandboxSecurityGroupRule {
  return { protocol: '-1', cidrBlocks };
}

/** The VPC's default network ACL: allow everything both ways, for the given subnets. */
export function allowAllNetworkAcl(
  id: string,
  subnetIds: string[],
): SandboxNetworkAcl {
  return {
    id,
    isDefault: true,
    subnetIds,
    entries: [
      {
        ruleNumber: 100,
        protocol: '-1',
        action: 'allow',
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
    ],
  };
}

/** An Interface endpoint for a service suffix, in the given subnets and security groups. */
export function interfaceEndpoint(
  region: string,
  suffix: string,
  options: {
    seed: string;
    subnetIds: string[];
    securityGroupIds: string[];
    privateDns?: boolean;
  },
): SandboxVpcEndpoint {
  return {
    id: awsId('vpce', `${options.seed}:${suffix}`),
    serviceName: endpointServiceName(region, suffix),
    type: 'Interface',
    state: 'available',
    privateDnsEnabled: options.privateDns ?? true,
    subnetIds: options.subnetIds,
    securityGroupIds: options.securityGroupIds,
    routeTableIds: [],
  };
}

/** The S3 Gateway endpoint on the given route tables. */
export function s3GatewayEndpoint(
  region: string,
  options: { seed: string; routeTableIds: string[] },
): SandboxVpcEndpoint {
  return {
    id: awsId('vpce', `${options.seed}:s3`),
    serviceName: endpointServiceName(region, 's3'),
    type: 'Gateway',
    state: 'available',
    privateDnsEnabled: false,
    subnetIds: [],
    securityGroupIds: [],
    routeTableIds: options.routeTableIds,
  };
}

interface VpcSkeleton {
  vpc: SandboxVpc;
  azs: string[];
  mainRouteTable: SandboxRouteTable;
}

function vpcSkeleton(options: VpcOptions): VpcSkeleton {
  const seed = options.name;
  const cidrBlock = options.cidrBlock ?? '10.0.0.0/16';
  const mainRouteTable: SandboxRouteTable = {
    id: awsId('rtb', `${seed}:main`),
    main: true,
    subnetIds: [],
    routes: [],
    tags: { Name: `${options.name}-main` },
  };
  const vpc: SandboxVpc = {
    id: awsId('vpc', seed),
    cidrBlock,
    enableDnsSupport: options.enableDnsSupport ?? true,
    enableDnsHostnames: options.enableDnsHostnames ?? true,
    dhcpOptions: {
      id: awsId('dopt', seed),
      domainNameServers: options.domainNameServers ?? ['AmazonProvidedDNS'],
      domainName:
        options.region === 'us-east-1'
          ? 'ec2.internal'
          : `${options.region}.compute.internal`,
    },
    subnets: [],
    routeTables: [mainRouteTable],
    endpoints: [],
    securityGroups: [],
    networkAcls: [],
    natGateways: [],
    tags: { Name: options.name },
  };
  return { vpc, azs: availabilityZones(options), mainRouteTable };
}

function addSubnets(
  skeleton: VpcSkeleton,
  options: VpcOptions,
  role: 'tasks' | 'public',
  firstCidrIndex: number,
): SandboxSubnet[] {
  const subnets = skeleton.azs.map((az, i) => ({
    id: awsId('subnet', `${options.name}:${role}:${az}`),
    cidrBlock: subnetCidr(skeleton.vpc.cidrBlock, firstCidrIndex + i),
    availabilityZone: az,
    mapPublicIpOnLaunch: role === 'public',
    role,
    tags: {
      Name: `${options.name}-${
        role === 'tasks' ? 'private' : 'public'
      }-${az.slice(-1)}`,
    },
  }));
  skeleton.vpc.subnets.push(...subnets);
  return subnets;
}

function addTaskSecurityGroup(
  skeleton: VpcSkeleton,
  options: VpcOptions,
): SandboxSecurityGroup {
  const group: SandboxSecurityGroup = {
    id: awsId('sg', `${options.name}:tasks`),
    name: `${options.name}-tasks`,
    description: `Tasks of ${options.name}`,
    ingress: [],
    egress: [],
    role: 'tasks',
  };
  skeleton.vpc.securityGroups.push(group);
  return group;
}

function addInterfaceEndpoints(
  skeleton: VpcSkeleton,
  options: VpcOptions,
  endpointSubnetIds: string[],
  taskGroup: SandboxSecurityGroup,
): void {
  const suffixes = options.interfaceEndpoints ?? [];
  if (suffixes.length === 0) return;
  const endpointGroup: SandboxSecurityGroup = {
    id: awsId('sg', `${options.name}:endpoints`),
    name: `${options.name}-vpc-endpoints`,
    description: 'Interface endpoints: HTTPS from the tasks',
    ingress: [httpsWithGroups(taskGroup.id)],
    egress: [allTraffic('0.0.0.0/0')],
    role: 'endpoints',
  };
  skeleton.vpc.securityGroups.push(endpointGroup);
  for (const suffix of suffixes) {
    skeleton.vpc.endpoints.push(
      interfaceEndpoint(options.region, suffix, {
        seed: options.name,
        subnetIds: endpointSubnetIds,
        securityGroupIds: [endpointGroup.id],
        privateDns: options.privateDns,
      }),
    );
  }
}

function addS3Gateway(
  skeleton: VpcSkeleton,
  options: VpcOptions,
  taskRouteTable: SandboxRouteTable,
  placement: NonNullable<VpcOptions['s3Gateway']>,
): void {
  if (placement === 'none') return;
  const routeTableId =
    placement === 'task-route-table'
      ? taskRouteTable.id
      : skeleton.mainRouteTable.id;
  skeleton.vpc.endpoints.push(
    s3GatewayEndpoint(options.region, {
      seed: options.name,
      routeTableIds: [routeTableId],
    }),
  );
}

function finishNetworkAcl(skeleton: VpcSkeleton, options: VpcOptions): void {
  skeleton.vpc.networkAcls.push(
    allowAllNetworkAcl(
      awsId('acl', options.name),
      skeleton.vpc.subnets.map(s => s.id),
    ),
  );
}

/**
 * A truly private VPC: task subnets (one per AZ) whose route table has only the local route,
 * interface endpoints in those subnets behind an endpoint security group that allows 443 from
 * the task group, the task group allowing 443 out to the endpoint group and the S3 prefix list,
 * and (by default) the S3 gateway on the task route table. Without `interfaceEndpoints` it
 * has none: name the ones you want, e.g. `['ecr.api', 'ecr.dkr', 'logs']`.
 */
export function isolatedVpc(options: VpcOptions): SandboxVpc {
  const skeleton = vpcSkeleton(options);
  const taskSubnets = addSubnets(skeleton, options, 'tasks', 1);
  const taskRouteTable: SandboxRouteTable = {
    id: awsId('rtb', `${options.name}:private`),
    main: false,
    subnetIds: taskSubnets.map(s => s.id),
    routes: [],
    tags: { Name: `${options.name}-private` },
  };
  skeleton.vpc.routeTables.push(taskRouteTable);
  const taskGroup = addTaskSecurityGroup(skeleton, options);
  addInterfaceEndpoints(
    skeleton,
    options,
    taskSubnets.map(s => s.id),
    taskGroup,
  );
  const s3Placement = options.s3Gateway ?? 'task-route-table';
  addS3Gateway(skeleton, options, taskRouteTable, s3Placement);
  const endpointGroup = skeleton.vpc.securityGroups.find(
    g => g.role === 'endpoints',
  );
  if (endpointGroup) taskGroup.egress.push(httpsWithGroups(endpointGroup.id));
  if (s3Placement !== 'none')
    taskGroup.egress.push(httpsToPrefixLists(s3PrefixListId(options.region)));
  finishNetworkAcl(skeleton, options);
  return skeleton.vpc;
}

function addPublicTier(
  skeleton: VpcSkeleton,
  options: VpcOptions,
  role: 'tasks' | 'public',
) {
  const subnets = addSubnets(skeleton, options, role, 101);
  const internetGatewayId = awsId('igw', options.name);
  const publicRouteTable: SandboxRouteTable = {
    id: awsId('rtb', `${options.name}:public`),
    main: false,
    subnetIds: subnets.map(s => s.id),
    routes: [{ destinationCidrBlock: '0.0.0.0/0', target: internetGatewayId }],
    tags: { Name: `${options.name}-public` },
  };
  skeleton.vpc.routeTables.push(publicRouteTable);
  return { subnets, publicRouteTable };
}

/**
 * A VPC on NAT: public subnets with an internet gateway and one NAT gateway, private task
 * subnets routing `0.0.0.0/0` to the NAT gateway, the task group allowing all egress.
 * No endpoints unless asked for.
 */
export function natVpc(options: VpcOptions): SandboxVpc {
  const skeleton = vpcSkeleton(options);
  const { subnets: publicSubnets } = addPublicTier(skeleton, options, 'public');
  const taskSubnets = addSubnets(skeleton, options, 'tasks', 1);
  const natGatewayId = awsId('nat', options.name);
  skeleton.vpc.natGateways.push({
    id: natGatewayId,
    subnetId: publicSubnets[0].id,
    state: 'available',
    connectivityType: 'public',
    publicIp: '34.240.17.10',
    privateIp: publicSubnets[0].cidrBlock.replace(/0\/24$/, '10'),
  });
  const taskRouteTable: SandboxRouteTable = {
    id: awsId('rtb', `${options.name}:private`),
    main: false,
    subnetIds: taskSubnets.map(s => s.id),
    routes: [{ destinationCidrBlock: '0.0.0.0/0', target: natGatewayId }],
    tags: { Name: `${options.name}-private` },
  };
  skeleton.vpc.routeTables.push(taskRouteTable);
  const taskGroup = addTaskSecurityGroup(skeleton, options);
  taskGroup.egress.push(allTraffic('0.0.0.0/0'));
  addInterfaceEndpoints(
    skeleton,
    options,
    taskSubnets.map(s => s.id),
    taskGroup,
  );
  addS3Gateway(skeleton, options, taskRouteTable, options.s3Gateway ?? 'none');
  finishNetworkAcl(skeleton, options);
  return skeleton.vpc;
}

/** A VPC whose tasks run in public subnets (route `0.0.0.0/0` to an internet gateway). */
export function publicVpc(options: VpcOptions): SandboxVpc {
  const skeleton = vpcSkeleton(options);
  const { publicRouteTable } = addPublicTier(skeleton, options, 'tasks');
  const taskGroup = addTaskSecurityGroup(skeleton, options);
  taskGroup.egress.push(allTraffic('0.0.0.0/0'));
  const subnetIds = skeleton.vpc.subnets.map(s => s.id);
  addInterfaceEndpoints(skeleton, options, subnetIds, taskGroup);
  addS3Gateway(
    skeleton,
    options,
    publicRouteTable,
    options.s3Gateway ?? 'none',
  );
  finishNetworkAcl(skeleton, options);
  return skeleton.vpc;
}

/** The subnets the builders made for tasks. */
export function taskSubnetIds(vpc: SandboxVpc): string[] {
  return vpc.subnets.filter(s => s.role === 'tasks').map(s => s.id);
}

/** The security group the builders made for tasks. */
export function taskSecurityGroup(vpc: SandboxVpc): SandboxSecurityGroup {
  const group = vpc.securityGroups.find(g => g.role === 'tasks');
  if (!group) throw new Error(`VPC ${vpc.id} has no task security group`);
  return group;
}

/** The security group the builders put on interface endpoints, if any. */
export function endpointSecurityGroup(
  vpc: SandboxVpc,
): SandboxSecurityGroup | undefined {
  return vpc.securityGroups.find(g => g.role === 'endpoints');
}

/** The endpoint for a service suffix (`ecr.api`, `s3`), if the VPC has one. */
export function findEndpoint(
  vpc: SandboxVpc,
  suffix: string,
): SandboxVpcEndpoint | undefined {
  // `com.amazonaws.<region>.<suffix>`, or `cn.com.amazonaws.<region>.<suffix>` in China.
  return vpc.endpoints.find(
    e =>
      /^(?:cn\.)?com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(e.serviceName)?.[1] ===
      suffix,
  );
}

/** Removes the endpoint for a service suffix, as if someone deleted it. Returns the VPC. */
export function withoutEndpoint(vpc: SandboxVpc, suffix: string): SandboxVpc {
  vpc.endpoints = vpc.endpoints.filter(e => e !== findEndpoint(vpc, suffix));
  return vpc;
}
