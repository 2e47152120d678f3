/**
 * What a Terraform plan does to the Fargate services in the VPCs it touches: the result of
 * {@link assessPlanImpact}, which the CLI prints, the backend serves and the MCP action returns.
 */
import type {
  Finding,
  UnknownCheck,
  Verdict,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { PlanAction } from './planDocument';
import type { PlanUnknown } from './overlay/overlayState';

export type { PlanUnknown };

/**
 * A change of the plan, by address.
 *
 * @public
 */
export interface PlanChangeRef {
  address: string;
  type: string;
  action: PlanAction;
}

/**
 * A finding the plan adds or removes, and the plan addresses that cause it.
 *
 * @public
 */
export interface ImpactFinding {
  finding: Finding;
  /**
   * The addresses without which the finding would not appear (each alone is enough to undo
   * it); when no single change is, every change of the plan in the service's VPC.
   */
  causes: string[];
}

/**
 * What the plan does to one service:
 * - `breaks`: a service that is not known to be broken gets an error finding;
 * - `worsens`: a service that already cannot start gets another error finding;
 * - `fixes`: a service that cannot start now can after the plan;
 * - `undetermined`: no new error, but something the service needs is unknown after the plan
 *   (a value known only after apply, or a read that failed);
 * - `unchanged`: none of these.
 *
 * @public
 */
export type ServiceOutcome =
  | 'breaks'
  | 'worsens'
  | 'fixes'
  | 'undetermined'
  | 'unchanged';

/**
 * The catalog entity of a service, when a caller knows it (the CLI's --catalog, the backend's catalog).
 *
 * @public
 */
export interface ServiceEntity {
  /** `component:default/payments-api`. */
  ref: string;
  /** The owner's entity ref or name, as the catalog says it. */
  owner?: string;
}

/**
 * One service in a VPC the plan touches, judged before and after.
 *
 * @public
 */
export interface ServiceImpact {
  serviceArn: string;
  serviceName: string;
  clusterArn?: string;
  clusterName?: string;
  accountId: string;
  region: string;
  vpcId: string;
  before: Verdict;
  after: Verdict;
  outcome: ServiceOutcome;
  /** Error findings after the plan that are not there now. */
  newFindings: ImpactFinding[];
  /** Error findings now that the plan removes. */
  resolvedFindings: ImpactFinding[];
  /** What is unknown after the plan that was not before. */
  newUnknown: UnknownCheck[];
  /** Set by the caller that knows the catalog. */
  entity?: ServiceEntity;
}

/**
 * Why the assessment is incomplete: a read that failed, a VPC or listing it could not make.
 *
 * @public
 */
export interface ImpactGap {
  check: string;
  call?: string;
  reason: string;
}

/**
 * The plan's overall effect: `breaks` (exit 1), `safe` (exit 0), `unknown` (exit 2).
 *
 * @public
 */
export type ImpactVerdict = 'breaks' | 'safe' | 'unknown';

/**
 * What a plan does to the services of the VPCs it touches.
 *
 * @public
 */
export interface PlanImpact {
  verdict: ImpactVerdict;
  region: string;
  accountId?: string;
  /** The VPCs the plan touches, with the changes that touch each. */
  vpcs: Array<{ vpcId: string; addresses: string[] }>;
  /** The network changes of the plan (the others cannot change a service's network). */
  changes: PlanChangeRef[];
  /** How many changes of the plan are of types that cannot affect the checks. */
  otherChanges: number;
  /** Every awsvpc service in the touched VPCs, most affected first. */
  services: ServiceImpact[];
  /** Values known only after apply that rules need. */
  planUnknowns: PlanUnknown[];
  /** What could not be read, so services may be missing or unjudged. */
  gaps: ImpactGap[];
  /** ISO time of the assessment. */
  assessedAt: string;
}
