/**
 * The backend's REST API shapes, under `/api/fargate-endpoints/v1`. Shared so that the
 * frontend client and the router agree.
 */
import type {
  CheckReport,
  NotDeployed,
  Verdict,
  ReportPath,
} from './report';
import type { Need } from './needs';

/** `GET /v1/entities/:kind/:namespace/:name/report[?refresh=true]`: the report plus freshness. */
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
}

/** `POST /v1/check`: explicit network inputs, as the template's pre-flight sends them. */
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

/** One linked service in the overview. */
export interface OverviewService {
  entityRef: string;
  title?: string;
  verdict: Verdict;
  path: ReportPath;
  counts: { error: number; warning: number; info: number; unknown: number };
  /** Rule ids of the error findings, for a quick look. */
  errorRules: string[];
  serviceArn?: string;
  checkedAt?: string;
  /** When the service could not be checked at all (bad annotation, account not allowed, ...). */
  problem?: string;
  /** When the service is generated but not deployed yet. */
  notDeployed?: NotDeployed;
}

/** Services of one VPC. */
export interface OverviewVpcGroup {
  accountId: string;
  region: string;
  /** `unknown` when the VPC could not be determined. */
  vpcId: string;
  services: OverviewService[];
}

/** `GET /v1/overview`: every linked service grouped by account, region and VPC. */
export interface OverviewResponse {
  groups: OverviewVpcGroup[];
  generatedAt: string;
}
