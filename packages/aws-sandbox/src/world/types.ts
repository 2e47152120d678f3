/**
 * The sandbox's world: plain data that the fake EC2 and ECS endpoints answer from.
 * Field names follow the engine's network model (plugins/fargate-endpoints-node/src/model.ts)
 * where one exists, so a fixture reads like the snapshot the collector should build from it.
 * Tests may change any of it between calls; nothing is cached.
 */

/** Free-form AWS tags, rendered as `tagSet`. */
export type SandboxTags = Record<string, string>;

/** One route. `target` decides the XML element: igw-/vgw-/vpce-/local → gatewayId, nat- → natGatewayId, tgw-, pcx-, eni-, eigw-, i-. */
export interface SandboxRoute {
  destinationCidrBlock?: string;
  destinationIpv6CidrBlock?: string;
  destinationPrefixListId?: string;
  target: string;
  /** Defaults to `active`. */
  state?: 'active' | 'blackhole';
}

/** A route table. The VPC's `local` route and gateway endpoint routes are added when rendered. */
export interface SandboxRouteTable {
  id: string;
  /** The VPC's main table serves every subnet without an explicit association. */
  main: boolean;
  /** Subnets explicitly associated with this table. */
  subnetIds: string[];
  routes: SandboxRoute[];
  tags?: SandboxTags;
}

/** A subnet. `role` only helps builders find task subnets; AWS never shows it. */
export interface SandboxSubnet {
  id: string;
  cidrBlock: string;
  availabilityZone: string;
  mapPublicIpOnLaunch?: boolean;
  role?: 'tasks' | 'public' | 'endpoints';
  tags?: SandboxTags;
}

/** A VPC endpoint. */
export interface SandboxVpcEndpoint {
  id: string;
  /** Full service name, `com.amazonaws.<region>.<suffix>`. */
  serviceName: string;
  type: 'Interface' | 'Gateway' | 'GatewayLoadBalancer';
  /** As EC2 writes it on the wire: `available`, `pending`, `failed`, `rejected`, `deleted`... */
  state: string;
  privateDnsEnabled: boolean;
  subnetIds: string[];
  securityGroupIds: string[];
  routeTableIds: string[];
  /** Policy JSON; EC2 always returns one, so the full-access default is used when unset. */
  policyDocument?: string;
  tags?: SandboxTags;
}

/** One security group rule, as IpPermissions expresses it. Omitted lists are empty. */
export interface SandboxSecurityGroupRule {
  /** `-1` (all), `tcp`, `udp`, `icmp` or a protocol number. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrBlocks?: string[];
  ipv6CidrBlocks?: string[];
  prefixListIds?: string[];
  /** Referenced security group ids. */
  groupIds?: string[];
}

/** A security group. `role` only helps builders; AWS never shows it. */
export interface SandboxSecurityGroup {
  id: string;
  name: string;
  description?: string;
  ingress: SandboxSecurityGroupRule[];
  egress: SandboxSecurityGroupRule[];
  role?: 'tasks' | 'endpoints';
  tags?: SandboxTags;
}

/** One network ACL entry. The implicit `*` deny (rule 32767) is added when rendered. */
export interface SandboxNetworkAclEntry {
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
export interface SandboxNetworkAcl {
  id: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: SandboxNetworkAclEntry[];
  tags?: SandboxTags;
}

/** A NAT gateway. */
export interface SandboxNatGateway {
  id: string;
  subnetId: string;
  state: 'pending' | 'failed' | 'available' | 'deleting' | 'deleted';
  connectivityType?: 'public' | 'private';
  publicIp?: string;
  privateIp?: string;
  tags?: SandboxTags;
}

/** The DHCP options set of a VPC. */
export interface SandboxDhcpOptions {
  id: string;
  /** `AmazonProvidedDNS` or custom resolver IPs. */
  domainNameServers: string[];
  domainName?: string;
}

/** One VPC with everything in it. */
export interface SandboxVpc {
  id: string;
  cidrBlock: string;
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  dhcpOptions: SandboxDhcpOptions;
  subnets: SandboxSubnet[];
  routeTables: SandboxRouteTable[];
  endpoints: SandboxVpcEndpoint[];
  securityGroups: SandboxSecurityGroup[];
  networkAcls: SandboxNetworkAcl[];
  natGateways: SandboxNatGateway[];
  tags?: SandboxTags;
}

/**
 * A prefix list: AWS-managed (`com.amazonaws.<region>.s3`, `...dynamodb`) when `ownerId` is
 * unset, otherwise customer-managed by that account (for example the CIDRs of a hub VPC or of
 * every spoke, named by security group rules).
 */
export interface SandboxPrefixList {
  id: string;
  name: string;
  cidrs: string[];
  /** The owning account of a customer-managed list; unset for AWS-managed lists. */
  ownerId?: string;
  /** Customer-managed only: the list's MaxEntries (defaults to 20). */
  maxEntries?: number;
}

/** One record of a Route 53 hosted zone. */
export interface SandboxRecord {
  /** Fully qualified, with or without the trailing dot; `*.` for a wildcard. */
  name: string;
  type: 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'NS' | 'SOA';
  ttl?: number;
  values?: string[];
  /** An alias record: the target's DNS name (an interface endpoint's) and its hosted zone id. */
  aliasTarget?: { dnsName: string; hostedZoneId: string };
}

/** A Route 53 private hosted zone owned by the account it is listed under. */
export interface SandboxHostedZone {
  /** `Z...`, without `/hostedzone/`. */
  id: string;
  /** Without the trailing dot. */
  name: string;
  /** The VPCs (of any account) it is associated with. */
  vpcs: Array<{ vpcId: string; region: string }>;
  /** Records besides the SOA and NS records every zone has (added when listed). */
  records: SandboxRecord[];
  /** Set when an AWS service owns it (`efs.amazonaws.com`) rather than the account. */
  owningService?: string;
}

/** An EFS mount target. */
export interface SandboxMountTarget {
  id: string;
  subnetId: string;
  securityGroupIds: string[];
  ipAddress: string;
  /** Defaults to `available`. */
  lifeCycleState?:
    | 'creating'
    | 'available'
    | 'updating'
    | 'deleting'
    | 'deleted'
    | 'error';
}

/** An EFS file system with its mount targets. */
export interface SandboxFileSystem {
  id: string;
  mountTargets: SandboxMountTarget[];
}

/** An ECR pull-through cache rule of the registry. */
export interface SandboxPullThroughCacheRule {
  ecrRepositoryPrefix: string;
  upstreamRegistryUrl: string;
}

/** An ECR repository and the image tags it holds (cached ones, for a pull-through prefix). */
export interface SandboxRepository {
  name: string;
  imageTags: string[];
  /** The repository policy (JSON), if one is set (SetRepositoryPolicy). */
  policyText?: string;
}

/** An EFS volume of a task definition. */
export interface SandboxVolume {
  name: string;
  efsVolumeConfiguration?: {
    fileSystemId: string;
    transitEncryption?: 'ENABLED' | 'DISABLED';
  };
}

/** A container of an ECS task definition. */
export interface SandboxContainerDefinition {
  name: string;
  image: string;
  essential?: boolean;
  logConfiguration?: { logDriver: string; options?: Record<string, string> };
  secrets?: { name: string; valueFrom: string }[];
  repositoryCredentials?: { credentialsParameter: string };
  portMappings?: { containerPort: number; protocol?: 'tcp' | 'udp' }[];
  environment?: { name: string; value: string }[];
  /** Environment files the agent downloads from S3 at start: `{ value: <object ARN>, type: 's3' }`. */
  environmentFiles?: { value: string; type: 's3' }[];
  /** FireLens: `{ type: 'fluentbit' | 'fluentd' }` on the log router container. */
  firelensConfiguration?: { type: string; options?: Record<string, string> };
  mountPoints?: { sourceVolume: string; containerPath: string }[];
}

/** One revision of an ECS task definition. */
export interface SandboxTaskDefinition {
  family: string;
  revision: number;
  containerDefinitions: SandboxContainerDefinition[];
  executionRoleArn?: string;
  taskRoleArn?: string;
  cpu?: string;
  memory?: string;
  volumes?: SandboxVolume[];
  /** App Mesh: `{ type: 'APPMESH', containerName: 'envoy' }`. */
  proxyConfiguration?: { type: string; containerName: string };
}

/** One ECS service event (newest first, as ECS lists them). */
export interface SandboxServiceEvent {
  id?: string;
  message: string;
  /** ISO time. */
  createdAt: string;
}

/** An ECS service. The task definition is referenced as `family:revision`. */
export interface SandboxEcsService {
  serviceName: string;
  taskDefinition: string;
  launchType?: 'FARGATE' | 'EC2' | 'EXTERNAL';
  platformVersion?: string;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
  enableExecuteCommand?: boolean;
  /** Capacity providers instead of a launch type (`FARGATE`, `FARGATE_SPOT`, or an EC2 one). */
  capacityProviderStrategy?: { capacityProvider: string; weight?: number }[];
  desiredCount?: number;
  runningCount?: number;
  status?: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  events?: SandboxServiceEvent[];
  /** ISO time. */
  createdAt?: string;
}

/** A task (the sandbox keeps stopped ones: ListTasks desiredStatus=STOPPED reads them). */
export interface SandboxTask {
  /** The task id, the last part of its ARN. */
  taskId: string;
  serviceName: string;
  taskDefinition: string;
  lastStatus: 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'STOPPED' | string;
  desiredStatus: 'RUNNING' | 'STOPPED';
  stoppedReason?: string;
  stopCode?: string;
  /** ISO times. */
  createdAt?: string;
  startedAt?: string;
  stoppingAt?: string;
  stoppedAt?: string;
  availabilityZone?: string;
  containers?: {
    name: string;
    lastStatus?: string;
    exitCode?: number;
    reason?: string;
  }[];
}

/** An ECS cluster with its services and tasks. */
export interface SandboxCluster {
  clusterName: string;
  services: SandboxEcsService[];
  tasks: SandboxTask[];
}

/** What one account holds in one region. */
export interface SandboxRegion {
  vpcs: SandboxVpc[];
  prefixLists: SandboxPrefixList[];
  clusters: SandboxCluster[];
  taskDefinitions: SandboxTaskDefinition[];
  fileSystems?: SandboxFileSystem[];
  pullThroughCacheRules?: SandboxPullThroughCacheRule[];
  repositories?: SandboxRepository[];
  /** Route 53 Profiles this account owns in the region. */
  route53Profiles?: SandboxRoute53Profile[];
}

/** A Route 53 Profile status (Route 53 Profiles API Reference, ProfileStatus). */
export type SandboxProfileStatus =
  | 'COMPLETE'
  | 'DELETING'
  | 'UPDATING'
  | 'CREATING'
  | 'DELETED'
  | 'FAILED';

/**
 * A Route 53 Profile: private hosted zones (of its owner account) it carries, the accounts
 * it is shared with through AWS RAM, and its associations with VPCs (each made by the VPC's
 * account; a VPC has at most one Profile).
 */
export interface SandboxRoute53Profile {
  /** `rp-...`. */
  id: string;
  name: string;
  sharedWith?: string[];
  hostedZones: Array<{
    hostedZoneId: string;
    /** The resource association's name; the zone id when omitted. */
    name?: string;
    status?: SandboxProfileStatus;
  }>;
  /**
   * Interface endpoints (of the owner's VPCs in this region) it shares: their private DNS
   * names then answer in every associated VPC (Route 53 Profiles' interface endpoint
   * integration).
   */
  vpcEndpoints?: Array<{
    vpcEndpointId: string;
    status?: SandboxProfileStatus;
  }>;
  associations: Array<{
    /** `rpassoc-...`. */
    id: string;
    vpcId: string;
    /** The account of the VPC, which made the association. */
    accountId: string;
    name?: string;
    status?: SandboxProfileStatus;
  }>;
}

/** One AWS account. */
export interface SandboxAccount {
  regions: Record<string, SandboxRegion>;
  /** Route 53 is global: the account's hosted zones, in any region's VPCs. */
  hostedZones?: SandboxHostedZone[];
}

/** The whole fake AWS: accounts by id, and which access key id belongs to which account. */
export interface SandboxWorld {
  /** The account a request lands in when its access key id is not mapped. */
  defaultAccountId: string;
  /** Access key id → account id. */
  accessKeys: Record<string, string>;
  accounts: Record<string, SandboxAccount>;
}
