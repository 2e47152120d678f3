/**
 * The report: what a check of one service says. The CLI prints it with `--json`, the backend
 * serves it, the entity card renders it. Fields are only ever added.
 */
import type { RuleId, Severity } from './rules';
import type { EndpointType, Need, NeedConsequence } from './needs';

/**
 * How a task subnet reaches AWS.
 *
 * @public
 */
export type EgressPath = 'isolated' | 'nat' | 'public' | 'custom';

/**
 * The path of a whole service: one path, or `mixed` when its subnets differ.
 *
 * @public
 */
export type ReportPath = EgressPath | 'mixed' | 'unknown';

/**
 * Ready: no error finding and every check ran. Not ready: an error finding. Unknown: no error found, but some check could not run.
 *
 * @public
 */
export type Verdict = 'ready' | 'not-ready' | 'unknown';

/**
 * One problem found, with its fix.
 *
 * @public
 */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Endpoint service suffix (`ecr.api`, `s3`, ...) where the finding is about one. */
  service?: string;
  /** The AWS resource the finding is about (vpce-, sg-, rtb-, acl-, subnet-, vpc-, ...). */
  resourceId?: string;
  /** What is wrong and why it stops tasks, in words a newcomer understands. */
  message: string;
  /** The concrete change that fixes it (console or CLI wording). */
  fix: string;
  /** The same fix as a Terraform snippet, where one applies. */
  terraform?: string;
  /**
   * The same fix as AWS CLI commands, one per line, where one applies (the commands that
   * `fix` quotes in backticks; see `splitFix`).
   */
  cli?: string;
}

/**
 * A check that could not run, and why. Never a silent pass.
 *
 * @public
 */
export interface UnknownCheck {
  /** What could not be checked, for example `security groups` or `stopped tasks`. */
  check: string;
  /** The rules whose verdict this leaves open. */
  rules: RuleId[];
  /** The AWS call that failed, for example `DescribeSecurityGroups`. */
  call?: string;
  /** Why: AccessDenied, throttled after retries, timed out, ... (no credentials ever). */
  reason: string;
}

/**
 * A status of one aspect of one endpoint, as the card shows it.
 *
 * @public
 */
export type AspectStatus = 'ok' | 'fail' | 'warn' | 'unknown' | 'n/a';

/**
 * How a hub VPC's endpoint serves a service's name (see {@link EndpointStatus.sharedFrom}).
 *
 * @public
 */
export interface SharedEndpointSource {
  /** The DNS name the tasks resolve, e.g. `api.ecr.eu-west-1.amazonaws.com`. */
  name: string;
  /** The private hosted zone that answers it (its name, or its id when unreadable); absent for an endpoint a Route 53 Profile shares itself. */
  zone?: string;
  zoneId?: string;
  /** The Route 53 Profile that brings the zone or the endpoint to the VPC. */
  profileId?: string;
  /** The account that owns the zone or endpoint (the hub account). */
  accountId?: string;
  /** The hub endpoint, when known. */
  endpointId?: string;
}

/**
 * One endpoint service the service needs (or that captures its traffic).
 *
 * @public
 */
export interface EndpointStatus {
  /** Service suffix, `ecr.api`, `s3`, ... */
  service: string;
  /** Full service name, `com.amazonaws.<region>.<service>`. */
  serviceName: string;
  type: EndpointType;
  /** Whether the service needs it (false: it exists and captures traffic anyway). */
  needed: boolean;
  /** The need that asks for it. */
  need?: Need;
  endpointId?: string;
  state?: string;
  privateDnsEnabled?: boolean;
  subnetIds: string[];
  availabilityZones: string[];
  securityGroupIds: string[];
  routeTableIds: string[];
  policy: 'default' | 'custom' | 'none';
  /**
   * Set for a service the VPC has no endpoint of its own for, whose name a hub VPC's endpoint
   * answers (shared endpoints): how the name gets there. `checks.present` is then the hub
   * side's verdict: ok when served, fail when the zone, path or hub endpoint is wrong,
   * unknown when the hub side could not be read.
   */
  sharedFrom?: SharedEndpointSource;
  /** Aspect by aspect: present, dns, securityGroups, routeTables, azCoverage, policy. */
  checks: {
    present: AspectStatus;
    privateDns: AspectStatus;
    securityGroups: AspectStatus;
    routeTables: AspectStatus;
    azCoverage: AspectStatus;
    policy: AspectStatus;
  };
}

/**
 * What a {@link DependencyStatus} is.
 *
 * @public
 */
export type DependencyKind =
  | 'efs-volume'
  | 'start-fetch'
  | 'pull-through-cache-image'
  | 'cross-account-image';

/**
 * Something besides the VPC endpoints that a task definition needs before its tasks can
 * start (an EFS volume's mount targets, an image behind an ECR pull-through cache or in
 * another account's registry), and whether it holds. A service that has none has no entries,
 * so a Ready card also shows what was checked beyond the endpoints.
 *
 * @public
 */
export interface DependencyStatus {
  kind: DependencyKind;
  /** The file system id, the image as the task definition names it, or the fetched resource's ARN. */
  id: string;
  /** For a `start-fetch`: the service and region the agent calls, and the task definition field. */
  fetch?: { service: string; region: string; field: string };
  /** One short line: "EFS file system fs-0123...", "image 1111....dkr.ecr.../docker-hub/nginx:1". */
  label: string;
  /**
   * `ok` holds; `fail` an error finding names it; `warn` it could not be verified, which a
   * note finding explains (the verdict stays ready); `unknown` what it needs could not be read.
   */
  status: AspectStatus;
  /** What was found, in one sentence: the mount target AZs, the cache rule, the policy. */
  detail: string;
  /** The rules that judge it, as in the rule catalogue. */
  rules: RuleId[];
}

/**
 * One task subnet and how it reaches AWS.
 *
 * @public
 */
export interface SubnetPath {
  subnetId: string;
  availabilityZone?: string;
  cidrBlock?: string;
  routeTableId?: string;
  /** True when the route table is explicitly associated, false when it is the main table. */
  explicitRouteTable?: boolean;
  path: EgressPath | 'unknown';
  /** Target of the default route (igw-, nat-, tgw-, pcx-, eni-, ...), when there is one. */
  defaultRouteTarget?: string;
  networkAclId?: string;
}

/**
 * A task that stopped, and the finding that explains it.
 *
 * @public
 */
export interface StoppedTaskDiagnosis {
  taskArn: string;
  stoppedAt?: string;
  stoppedReason: string;
  /** Which path the error points at: ecr.api, ecr.dkr, s3, s3-policy, secretsmanager, ssm, logs. */
  failingPath?: string;
  /** Rule and service of the finding that explains it, when one does. */
  explainedBy?: { rule: RuleId; service?: string; resourceId?: string };
  /** What the error means when no finding explains it (IAM, a wrong ARN, a missing log group). */
  hint: string;
}

/**
 * Monthly cost estimate in USD, us-east-1 list prices, 730 hours.
 *
 * @public
 */
export interface CostEstimate {
  currency: 'USD';
  /** The region whose list prices the figures use (`us-east-1`); other regions differ. */
  pricesRegion?: string;
  /** Interface endpoints in use or needed (count of endpoint x AZ). */
  interfaceEndpointAzHours: number;
  /** Monthly cost of the interface endpoints, before traffic. */
  endpointsMonthly: number;
  /** One NAT gateway (with its public IPv4) per month, before traffic. */
  natMonthly: number;
  /** A NAT gateway in every AZ the tasks use, per month, before traffic. */
  natPerAzMonthly: number;
  /** Per-GB processing: endpoints and NAT. */
  endpointPerGb: number;
  natPerGb: number;
  /**
   * Interface endpoint services a hub VPC's shared endpoints serve: the hub's account pays for
   * them, so they are not in the figures above. Absent when there are none.
   */
  sharedInterfaceEndpoints?: number;
  /** One sentence for people. */
  summary: string;
}

/**
 * What was checked.
 *
 * @public
 */
export interface CheckTarget {
  region: string;
  accountId?: string;
  vpcId?: string;
  subnetIds: string[];
  securityGroupIds: string[];
  serviceArn?: string;
  clusterArn?: string;
  serviceName?: string;
  taskDefinitionArn?: string;
  platformVersion?: string;
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  /** Tasks ECS wants running (DescribeServices `desiredCount`), for an ECS service. */
  desiredCount?: number;
  /** Tasks running now (DescribeServices `runningCount`). */
  runningCount?: number;
  /** Tasks starting (DescribeServices `pendingCount`). */
  pendingCount?: number;
  /** CloudWatch log groups of the task definition's awslogs containers (`awslogs-group`). */
  logGroups?: string[];
}

/**
 * Why a need is in the list.
 *
 * @public
 */
export interface NeedSource {
  need: Need;
  /** For example `container app uses the awslogs log driver` or `given explicitly`. */
  reason: string;
  /**
   * What this use's failure does, when it differs from the need's own (`NEED_CONSEQUENCES`):
   * a FireLens output to CloudWatch Logs fails at run time, the awslogs driver at start.
   */
  consequence?: NeedConsequence;
}

/**
 * A service the catalog knows but ECS does not run yet: generated by the template, not
 * deployed. Its report is `unknown` (nothing could be checked), never an error and never ready.
 *
 * @public
 */
export interface NotDeployed {
  /** Why it is taken as not deployed: the AWS answer (the service or cluster not found) or the missing link. */
  reason: string;
  /** The network the service's repository creates or uses, as the template planned it. */
  networkPlan: string;
  /** What links the entity to the live service once it runs, and what to do for it. */
  linkedBy: string;
}

/**
 * The result of one check. The CLI's `--json` output, the backend's report body.
 *
 * @public
 */
export interface CheckReport {
  /** True when no error finding and nothing unknown. */
  ready: boolean;
  verdict: Verdict;
  /** False when some check could not run; see `unknown`. */
  complete: boolean;
  path: ReportPath;
  target: CheckTarget;
  needs: Need[];
  needSources: NeedSource[];
  /** Findings, errors first. */
  findings: Finding[];
  unknown: UnknownCheck[];
  subnets: SubnetPath[];
  endpoints: EndpointStatus[];
  /**
   * What else the task definition needs to start (EFS volumes, pull-through cache and
   * cross-account images), each with its state. Absent in reports of versions before it.
   */
  dependencies?: DependencyStatus[];
  stoppedTasks: StoppedTaskDiagnosis[];
  cost?: CostEstimate;
  /** Set when the service is not deployed yet (see {@link NotDeployed}); verdict is then `unknown`. */
  notDeployed?: NotDeployed;
  /**
   * Set when AWS refused the checker some of its reads (AccessDenied): the IAM actions and
   * the statement to add to its policy, so an incomplete report comes with its exact fix.
   */
  missingPermissions?: MissingPermissions;
  /** ISO time the AWS state was read. */
  checkedAt: string;
}

/**
 * The IAM actions AWS refused the checker, and the policy statement that grants them.
 *
 * @public
 */
export interface MissingPermissions {
  /** IAM actions, for example `ec2:DescribeNetworkAcls`, sorted. */
  actions: string[];
  /** The checks they left open (as in `unknown`). */
  checks: string[];
  /** The statement to add to the checker's role (these read actions take `*`). */
  statement: {
    Sid: string;
    Effect: 'Allow';
    Action: string[];
    Resource: '*';
  };
}
