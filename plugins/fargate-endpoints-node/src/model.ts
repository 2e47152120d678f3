/**
 * The network model: one VPC's state as the engine sees it, normalised from the EC2 API.
 * The collector (aws/) builds it from live AWS; the rules (rules/) read only this.
 * Tests and the scaffolder build it by hand.
 */
import type {
  NeedSource,
  Need,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** One route of a route table. */
export interface Route {
  destinationCidrBlock?: string;
  destinationIpv6CidrBlock?: string;
  destinationPrefixListId?: string;
  /** igw-, nat-, tgw-, pcx-, eni-, vgw-, vpce-, `local`, ... */
  target?: string;
  state: 'active' | 'blackhole';
}

/** A route table and the subnets explicitly associated with it. */
export interface RouteTable {
  id: string;
  /** The VPC's main table: it serves every subnet with no explicit association. */
  main: boolean;
  subnetIds: string[];
  routes: Route[];
}

/** A subnet. */
export interface Subnet {
  id: string;
  cidrBlock: string;
  availabilityZone: string;
}

/** A VPC endpoint. */
export interface VpcEndpoint {
  id: string;
  /** Full service name, `com.amazonaws.<region>.<suffix>`. */
  serviceName: string;
  type: 'Interface' | 'Gateway' | 'GatewayLoadBalancer' | string;
  /** As AWS reports it: `available`, `pending`, `failed`, ... (compare case-insensitively). */
  state: string;
  privateDnsEnabled: boolean;
  subnetIds: string[];
  securityGroupIds: string[];
  routeTableIds: string[];
  /** The policy JSON; undefined or the full-access default means no restriction. */
  policyDocument?: string;
}

/** One security group rule (ingress or egress), as IpPermissions expresses it. */
export interface SecurityGroupRule {
  /** `-1` (all), `tcp`, `udp`, `icmp` or a protocol number as a string (`6` is TCP). */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrBlocks: string[];
  ipv6CidrBlocks: string[];
  prefixListIds: string[];
  /** Referenced security group ids. */
  groupIds: string[];
}

/** A security group with its rules. */
export interface SecurityGroup {
  id: string;
  name?: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

/** One network ACL entry. */
export interface NetworkAclEntry {
  ruleNumber: number;
  /** `-1` (all) or a protocol number as a string (`6` is TCP). */
  protocol: string;
  action: 'allow' | 'deny';
  egress: boolean;
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  portRange?: { from: number; to: number };
}

/** A network ACL and the subnets associated with it. */
export interface NetworkAcl {
  id: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntry[];
}

/** A managed prefix list, such as the S3 one. */
export interface PrefixList {
  id: string;
  name: string;
  cidrs: string[];
}

/** A part of the snapshot, read by one API call family. */
export type SnapshotPart =
  | 'vpc'
  | 'dnsSupport'
  | 'dnsHostnames'
  | 'dhcpOptions'
  | 'subnets'
  | 'routeTables'
  | 'endpoints'
  | 'securityGroups'
  | 'networkAcls'
  | 's3PrefixList';

/** A part that could not be read. */
export interface PartFailure {
  part: SnapshotPart;
  /** The AWS API action, for example `DescribeSecurityGroups`. */
  call: string;
  /** AccessDenied, throttled after retries, timed out, malformed response... Never credentials. */
  reason: string;
}

/** One VPC's state, read once and shared by every service in the VPC. */
export interface VpcSnapshot {
  region: string;
  accountId?: string;
  vpcId: string;
  cidrBlocks: string[];
  /** undefined when it could not be read (see failures). */
  enableDnsSupport?: boolean;
  enableDnsHostnames?: boolean;
  /** DHCP options `domain-name-servers`; undefined when unread. */
  domainNameServers?: string[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  endpoints: VpcEndpoint[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  s3PrefixList?: PrefixList;
  /** ISO time of the read. */
  readAt: string;
  failures: PartFailure[];
}

/** A task that stopped. */
export interface StoppedTask {
  taskArn: string;
  stoppedAt?: string;
  stoppedReason: string;
}

/** A part of the ECS read. */
export type EcsPart = 'service' | 'taskDefinition' | 'stoppedTasks';

/** An ECS part that could not be read. */
export interface EcsFailure {
  part: EcsPart;
  call: string;
  reason: string;
}

/** What the rules need to know about the service: where its tasks run and what they use. */
export interface ServiceSpec {
  region: string;
  accountId?: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  /** undefined when not known (explicit network input without the flag). */
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  needs: Need[];
  needSources: NeedSource[];
  /** Container images, to check where they can be pulled from. */
  images: string[];
  platformVersion?: string;
  serviceArn?: string;
  clusterArn?: string;
  serviceName?: string;
  taskDefinitionArn?: string;
  /** Task counts of an ECS service, from DescribeServices. */
  desiredCount?: number;
  runningCount?: number;
  pendingCount?: number;
  /** CloudWatch log groups of the awslogs containers. */
  logGroups?: string[];
  stoppedTasks: StoppedTask[];
  failures: EcsFailure[];
}
