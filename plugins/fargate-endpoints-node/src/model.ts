/**
 * The network model: one VPC's state as the engine sees it, normalised from the EC2 API.
 * The collector (aws/) builds it from live AWS; the rules (rules/) read only this.
 * Tests and the scaffolder build it by hand.
 */
import type { StartFetch } from './spec/startFetches';
import type {
  NeedSource,
  Need,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/**
 * One route of a route table.
 *
 * @public
 */
export interface Route {
  destinationCidrBlock?: string;
  destinationIpv6CidrBlock?: string;
  destinationPrefixListId?: string;
  /** igw-, nat-, tgw-, pcx-, eni-, vgw-, vpce-, `local`, ... */
  target?: string;
  state: 'active' | 'blackhole';
}

/**
 * A route table and the subnets explicitly associated with it.
 *
 * @public
 */
export interface RouteTable {
  id: string;
  /** The VPC's main table: it serves every subnet with no explicit association. */
  main: boolean;
  subnetIds: string[];
  routes: Route[];
}

/**
 * A subnet.
 *
 * @public
 */
export interface Subnet {
  id: string;
  cidrBlock: string;
  availabilityZone: string;
}

/**
 * A VPC endpoint.
 *
 * @public
 */
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

/**
 * One security group rule (ingress or egress), as IpPermissions expresses it.
 *
 * @public
 */
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

/**
 * A security group with its rules.
 *
 * @public
 */
export interface SecurityGroup {
  id: string;
  name?: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

/**
 * One network ACL entry.
 *
 * @public
 */
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

/**
 * A network ACL and the subnets associated with it.
 *
 * @public
 */
export interface NetworkAcl {
  id: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntry[];
}

/**
 * A managed prefix list: the AWS-managed S3 one, or a customer-managed one a rule names.
 *
 * @public
 */
export interface PrefixList {
  id: string;
  name: string;
  cidrs: string[];
  /** `AWS` for AWS-managed lists, the owning account for customer-managed ones; unset when unread. */
  ownerId?: string;
}

/**
 * A part of the snapshot, read by one API call family.
 *
 * @public
 */
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
  | 's3PrefixList'
  | 'managedPrefixLists'
  | 'privateZones';

/**
 * One record of a private hosted zone (ListResourceRecordSets).
 *
 * @public
 */
export interface ZoneRecord {
  /** Lower case, without the trailing dot; a wildcard record starts with `*.`. */
  name: string;
  /** `A`, `AAAA`, `CNAME`, ... */
  type: string;
  /** The record's values (addresses for A records). */
  values: string[];
  /** An alias record's target DNS name, lower case, without the trailing dot. */
  aliasTarget?: string;
}

/**
 * A Route 53 private hosted zone associated with the VPC.
 *
 * @public
 */
export interface HostedZone {
  /** `Z...`, without the `/hostedzone/` prefix. */
  id: string;
  /**
   * Lower case, without the trailing dot. Undefined for a zone a Route 53 Profile brings whose
   * records no one here could read: the Profile names the zone by id only, and its name is
   * then only known from its records (their SOA), which only the owning account can list.
   */
  name?: string;
  /** The account that owns it, when an account does (a hub account, or this one). */
  ownerAccountId?: string;
  /** The AWS service that owns it, when a service does (for example `efs.amazonaws.com`). */
  ownerService?: string;
  /** How the VPC gets it: a direct association, or a Route 53 Profile. */
  via: 'vpc-association' | 'profile';
  /** The Route 53 Profile (`rp-...`) that brings it, when `via` is `profile`. */
  profileId?: string;
  /**
   * Set when this is no hosted zone but an interface endpoint (`vpce-...`) a Route 53 Profile
   * shares: the Profile answers the endpoint's private DNS names in the VPC, with the
   * endpoint's addresses (Route 53 Profiles and interface VPC endpoint integration).
   */
  sharedEndpointId?: string;
  /** Its records; undefined when they could not be read (see `recordsFailure`). */
  records?: ZoneRecord[];
  /** Why the records are unknown (a zone of another account refuses this account's read). */
  recordsFailure?: string;
}

/**
 * An interface endpoint a Route 53 Profile of the VPC shares.
 *
 * @public
 */
export interface ProfileEndpoint {
  endpointId: string;
  /** The account that owns it (the Profile's owner). */
  ownerAccountId?: string;
  profileId: string;
}

/**
 * A VPC endpoint in the hub account, with the subnets and groups it uses.
 *
 * @public
 */
export interface HubEndpoint extends VpcEndpoint {
  vpcId?: string;
  /** The account that owns it, when it is not the hub view's (this account's shared-services VPC). */
  ownerAccountId?: string;
  subnets: Subnet[];
  securityGroups: SecurityGroup[];
}

/**
 * The hub account's side of shared endpoints, read with the configured hub role.
 *
 * @public
 */
export interface HubView {
  accountId: string;
  /** Records of hub-owned zones, by zone id, where the hub could read them. */
  zoneRecords: Record<string, ZoneRecord[]>;
  endpoints: HubEndpoint[];
  /** Reads that failed in the hub account, with the reason. */
  failures: Array<{ call: string; reason: string }>;
}

/**
 * A part that could not be read.
 *
 * @public
 */
export interface PartFailure {
  part: SnapshotPart;
  /** The AWS API action, for example `DescribeSecurityGroups`. */
  call: string;
  /** AccessDenied, throttled after retries, timed out, malformed response... Never credentials. */
  reason: string;
}

/**
 * One VPC's state, read once and shared by every service in the VPC.
 *
 * @public
 */
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
  /**
   * The customer-managed prefix lists that security group rules of the VPC name, with their
   * entries (GetManagedPrefixListEntries). A list a rule names that is neither here nor the S3
   * list could not be read: its `managedPrefixLists` failure says why.
   */
  managedPrefixLists?: PrefixList[];
  /**
   * The Route 53 private hosted zones associated with the VPC (ListHostedZonesByVPC), which
   * can answer AWS service names with a hub VPC's endpoint addresses. Undefined when unread
   * (see the `privateZones` failure) or when the reader has no Route 53 client.
   */
  privateZones?: HostedZone[];
  /**
   * Interface endpoints of other VPCs that the VPC's Route 53 Profile shares (their private
   * DNS names answer in this VPC); read with `privateZones`. Which service one serves only
   * its owner can tell: the hub view's endpoints say.
   */
  profileEndpoints?: ProfileEndpoint[];
  /** What the hub account says about the endpoints the zones point at (read with the hub role). */
  hub?: HubView;
  /** ISO time of the read. */
  readAt: string;
  failures: PartFailure[];
}

/**
 * A task that stopped.
 *
 * @public
 */
export interface StoppedTask {
  taskArn: string;
  stoppedAt?: string;
  stoppedReason: string;
}

/**
 * A part of the ECS read.
 *
 * @public
 */
export type EcsPart = 'service' | 'taskDefinition' | 'stoppedTasks';

/**
 * An ECS part that could not be read.
 *
 * @public
 */
export interface EcsFailure {
  part: EcsPart;
  call: string;
  reason: string;
}

/**
 * An EFS mount target (DescribeMountTargets + DescribeMountTargetSecurityGroups).
 *
 * @public
 */
export interface MountTarget {
  id: string;
  subnetId: string;
  availabilityZone?: string;
  vpcId?: string;
  /** `available`, `creating`, ... */
  state: string;
  ipAddress?: string;
  securityGroupIds: string[];
}

/**
 * An EFS file system a task definition mounts, and its mount targets.
 *
 * @public
 */
export interface FileSystemRead {
  id: string;
  /** Undefined when they could not be read (see `failure`). */
  mountTargets?: MountTarget[];
  failure?: { call: string; reason: string };
}

/**
 * An image under an ECR pull-through cache prefix, and whether ECR holds it yet.
 *
 * @public
 */
export interface PullThroughCacheImage {
  image: string;
  repository: string;
  /** The rule's `ecrRepositoryPrefix` the repository sits under. */
  ecrRepositoryPrefix: string;
  /** Where ECR fetches an uncached image from (`registry-1.docker.io`, `public.ecr.aws`, ...). */
  upstreamRegistryUrl: string;
  /** True: DescribeImages finds the tag or digest; false: not cached yet; undefined: see `failure`. */
  cached?: boolean;
  /** The repository does not exist yet: the first pull creates it. */
  repositoryMissing?: boolean;
  failure?: { call: string; reason: string };
}

/**
 * What DescribePullThroughCacheRules and DescribeImages say about a task definition's images.
 *
 * @public
 */
export interface PullThroughCacheRead {
  /** The images under a rule's prefix (images under none are left out). */
  images: PullThroughCacheImage[];
  /** The rules could not be read: `images` names the ECR images nothing is known about. */
  failure?: { call: string; reason: string; images: string[] };
}

/**
 * The repository policy of an image in another account's registry (GetRepositoryPolicy).
 *
 * @public
 */
export interface RepositoryPolicyRead {
  image: string;
  /** The account that owns the registry. */
  registryId: string;
  repository: string;
  /** The policy JSON, when it could be read. */
  policyText?: string;
  /** The repository has no policy: only its own account can pull (RepositoryPolicyNotFoundException). */
  noPolicy?: boolean;
  /** The repository does not exist (RepositoryNotFoundException). */
  repositoryMissing?: boolean;
  /**
   * The policy could not be read. `refused` marks AccessDeniedException: another account's
   * policy is readable only when it grants this account ecr:GetRepositoryPolicy, so that is
   * the expected answer, not a fault.
   */
  failure?: { call: string; reason: string; refused?: boolean };
}

/**
 * What the rules need to know about the service: where its tasks run and what they use.
 *
 * @public
 */
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
  /** What the agent fetches before the containers run besides images (spec/startFetches.ts). */
  startFetches?: StartFetch[];
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
  /** EFS file systems the task definition's volumes mount (`efsVolumeConfiguration`). */
  efsFileSystemIds?: string[];
  /** What the reader found about them; undefined when not read. */
  fileSystems?: FileSystemRead[];
  /** The images under an ECR pull-through cache prefix; undefined when not read. */
  pullThroughCache?: PullThroughCacheRead;
  /** The task execution role, which pulls the images. */
  executionRoleArn?: string;
  /** Repository policies of the images in other accounts' registries; undefined when not read. */
  repositoryPolicies?: RepositoryPolicyRead[];
}
