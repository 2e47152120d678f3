import type {
  AwsPartition,
  CostEstimate,
  EndpointType,
  Finding,
  Need,
  UnknownCheck,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/**
 * An endpoint the plan creates.
 *
 * @public
 */
export interface PlannedEndpoint {
  /** Its placeholder id (`planned:vpce:<service>`), as later plan steps refer to it. */
  id: string;
  /** Service suffix, `ecr.api`, `s3`, ... */
  service: string;
  /** Full service name for the region (China differs). */
  serviceName: string;
  type: EndpointType;
  need: Need;
  /** Why the service needs it, from the needs' sources. */
  reasons: string[];
  /** Interface: one task subnet per AZ. */
  subnetIds: string[];
  /** Interface: the security groups it gets. */
  securityGroupIds: string[];
  /** Gateway: the route tables it is associated with. */
  routeTableIds: string[];
}

/**
 * An endpoint the VPC already has that serves a need: referenced, never created again.
 *
 * @public
 */
export interface ReusedEndpoint {
  /** Its id, or `declared:vpce:<service>` when the VPC was not read. */
  id: string;
  service: string;
  serviceName: string;
  type: EndpointType;
  need: Need;
  reasons: string[];
  securityGroupIds: string[];
}

/**
 * A route table to associate with an S3 gateway endpoint.
 *
 * @public
 */
export interface PlannedRouteTableAssociation {
  endpointId: string;
  routeTableId: string;
  /** Task subnets on the table. */
  subnetIds: string[];
}

/**
 * The peer of a security group rule.
 *
 * @public
 */
export type RulePeer =
  | { groupId: string }
  | { prefixListId: string }
  | { cidr: string };

/**
 * A TCP 443 security group rule to add.
 *
 * @public
 */
export interface PlannedSecurityGroupRule {
  direction: 'ingress' | 'egress';
  securityGroupId: string;
  peer: RulePeer;
  /** The endpoint service the rule opens the way to. */
  service: string;
  /** The endpoint the rule is for. */
  endpointId: string;
}

/**
 * What a plan cannot do about a VPC, with the finding that says why and how to fix it by hand.
 *
 * @public
 */
export type PlanBlocker = Finding;

/**
 * What to create, what to reuse and which associations and rules to add so that the
 * service's tasks can start, computed from the rule context: applied to the VPC, it leaves
 * no error finding, except the blockers it lists.
 *
 * @public
 */
export interface EndpointPlan {
  region: string;
  partition: AwsPartition;
  vpcId: string;
  create: PlannedEndpoint[];
  reuse: ReusedEndpoint[];
  routeTableAssociations: PlannedRouteTableAssociation[];
  securityGroupRules: PlannedSecurityGroupRule[];
  /** True when the plan creates the interface endpoints' security group. */
  createsEndpointSecurityGroup: boolean;
  /** Error findings a service repository cannot fix (they need a change to shared resources). */
  blockers: PlanBlocker[];
  /** What could not be checked, so the plan could not account for it. */
  unknown: UnknownCheck[];
  /** AZs of the task subnets, as far as known. */
  availabilityZones: string[];
  /** Monthly cost of the interface endpoints the plan creates (reused ones cost nothing more). */
  cost: CostEstimate;
  /** What the reused interface endpoints would have cost if created again, USD a month. */
  savedByReuseMonthly: number;
}
