/**
 * The backend's REST API shapes, under `/api/fargate-endpoints/v1`. Shared so that the
 * frontend client and the router agree.
 */
import type { CheckReport, NotDeployed, Verdict, ReportPath } from './report';
import type { Need } from './needs';

/**
 * `GET /v1/entities/:kind/:namespace/:name/report[?refresh=true]`: the report plus freshness.
 *
 * @public
 */
export interface EntityReport extends CheckReport {
  /** The entity the report is for, `component:default/payments`. */
  entityRef: string;
  /** Seconds since the AWS state behind the report was read. */
  ageSeconds: number;
  /** True when the data is older than the configured TTL, or a newer read of it failed. */
  stale: boolean;
  /** Why the newest attempt to read AWS again failed, when it did: the report is the last good one. */
  staleReason?: string;
  /** When that attempt failed (ISO time). */
  staleSince?: string;
  /** Set when the report comes from the background sweep: when that sweep checked it (ISO time). */
  sweptAt?: string;
}

/**
 * `POST /v1/check`: explicit network inputs, as the template's pre-flight sends them.
 *
 * @public
 */
export interface NetworkCheckRequest {
  region: string;
  /** 12-digit account id; defaults to the main account. Must be an account config allows. */
  accountId?: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  needs: Need[];
  /** Container images, to check they can be pulled from an isolated subnet. */
  images?: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
}

/**
 * One linked service in the overview.
 *
 * @public
 */
export interface OverviewService {
  entityRef: string;
  title?: string;
  verdict: Verdict;
  path: ReportPath;
  counts: { error: number; warning: number; info: number; unknown: number };
  /** Rule ids of the error findings, for a quick look. */
  errorRules: string[];
  /** What the error findings are about, in words (`no ecr.api endpoint`, `S3 route missing on rtb-...`). */
  errorHeadlines?: string[];
  serviceArn?: string;
  checkedAt?: string;
  /** When the service could not be checked at all (bad annotation, account not allowed, ...). */
  problem?: string;
  /** When the service is generated but not deployed yet. */
  notDeployed?: NotDeployed;
  /** Set when the result comes from the background sweep: when that sweep checked it (ISO time). */
  sweptAt?: string;
  /** Since when the service is not ready, as the sweep's history knows it (ISO time). */
  notReadySince?: string;
  /** The entity's `spec.owner`, as the catalog has it. */
  owner?: string;
  /**
   * The fix-vpc-endpoints template's path below the scaffolder's mount point, with the form
   * filled from the report (see `vpcFixTemplatePath`), when the template fixes its errors.
   */
  fixTemplatePath?: string;
}

/**
 * Services of one VPC.
 *
 * @public
 */
export interface OverviewVpcGroup {
  accountId: string;
  region: string;
  /** `unknown` when the VPC could not be determined. */
  vpcId: string;
  services: OverviewService[];
}

/**
 * `GET /v1/overview`: every linked service grouped by account, region and VPC.
 *
 * @public
 */
export interface OverviewResponse {
  groups: OverviewVpcGroup[];
  generatedAt: string;
}

/**
 * A compact summary of one VPC, kept with every history entry so that two entries can say
 * what changed between them. Only what the rules read about the service's network is kept:
 * endpoints, route table associations, the security groups of the tasks and the endpoints
 * (their HTTPS admission), and the VPC's DNS attributes.
 *
 * @public
 */
export interface VpcFingerprint {
  vpcId: string;
  /** `undefined` when it could not be read. */
  enableDnsSupport?: boolean;
  enableDnsHostnames?: boolean;
  endpoints: Array<{
    id: string;
    /** The service suffix, `ecr.api`, `s3`, ... */
    service: string;
    type: string;
    state: string;
    privateDnsEnabled: boolean;
    subnetIds: string[];
    securityGroupIds: string[];
    routeTableIds: string[];
    /** True when the endpoint has a policy other than the full-access default. */
    customPolicy: boolean;
  }>;
  /** Route tables and their explicit subnet associations. */
  routeTables: Array<{ id: string; main: boolean; subnetIds: string[] }>;
  /**
   * The task and endpoint security groups, with the peers (sg-, CIDR, pl-) each admits on
   * TCP 443, in and out.
   */
  securityGroups: Array<{
    id: string;
    ingress443: string[];
    egress443: string[];
  }>;
  /** The parts that could not be read: a change there is not a change of the VPC. */
  unreadParts: string[];
}

/**
 * One change between two snapshots of a VPC.
 *
 * @public
 */
export interface SnapshotChange {
  kind:
    | 'endpoint-deleted'
    | 'endpoint-created'
    | 'endpoint-state'
    | 'endpoint-private-dns'
    | 'endpoint-subnets'
    | 'endpoint-security-groups'
    | 'endpoint-policy'
    | 'gateway-route-table'
    | 'route-table-association'
    | 'security-group-ingress'
    | 'security-group-egress'
    | 'security-group-deleted'
    | 'vpc-dns';
  /** The resource that changed (vpce-, rtb-, sg-, subnet-, vpc-). */
  resourceId: string;
  /** The endpoint service suffix, where the change is about one. */
  service?: string;
  /** What changed, for people: `endpoint vpce-0abc for ecr.api deleted`. */
  message: string;
  /** True when the change takes something away (a likely cause of a break). */
  removal: boolean;
}

/**
 * One finding as history keeps it (without the long fix texts).
 *
 * @public
 */
export interface HistoryFinding {
  rule: string;
  severity: string;
  service?: string;
  resourceId?: string;
  message: string;
  fix: string;
}

/**
 * One entry of an entity's history: a verdict that held from `checkedAt` to `confirmedAt`.
 *
 * @public
 */
export interface HistoryEntry {
  /** When a sweep first saw this state (ISO time). */
  checkedAt: string;
  /** When a sweep last saw it unchanged (ISO time). */
  confirmedAt: string;
  verdict: Verdict;
  findings: HistoryFinding[];
  /** What changed in the VPC since the previous entry, likely causes first. */
  changes: SnapshotChange[];
}

/**
 * `GET /v1/entities/:kind/:namespace/:name/history`: newest first.
 *
 * @public
 */
export interface EntityHistoryResponse {
  entityRef: string;
  entries: HistoryEntry[];
  /** The current verdict and since when it holds, with the change that explains it. */
  current?: {
    verdict: Verdict;
    since: string;
    cause?: SnapshotChange;
  };
  /** The latest sweep that checked the entity (ISO time). */
  lastSweptAt?: string;
}
