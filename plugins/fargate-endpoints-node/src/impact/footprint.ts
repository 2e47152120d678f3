/**
 * Which VPCs a plan touches: those its changes name by `vpc_id`, and those holding the route
 * tables, groups, ACLs, subnets and endpoints its changes name by id (an `aws_route` says
 * only its `route_table_id`). Ids the plan itself places in a VPC need no AWS call.
 */
import type { PlannedChange, TerraformPlan } from './planDocument';
import { isNetworkChange } from './overlay/overlayPlan';

/** Attributes naming a network resource whose VPC decides what the change touches. */
const ID_ATTRIBUTES = [
  'route_table_id',
  'subnet_id',
  'subnet_ids',
  'security_group_id',
  'security_group_ids',
  'network_acl_id',
  'vpc_endpoint_id',
  'route_table_ids',
];

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (v): v is string => typeof v === 'string' && /^[a-z]+-[0-9a-f]+$/.test(v),
  );

function sidesOf(change: PlannedChange): Array<Record<string, unknown>> {
  return [change.before, change.after].filter(
    (s): s is Record<string, unknown> => Boolean(s),
  );
}

function directVpcIds(change: PlannedChange): string[] {
  return sidesOf(change).flatMap(side => [
    ...strings(side.vpc_id),
    ...(change.type === 'aws_vpc' && change.action !== 'create'
      ? strings(side.id)
      : []),
    ...(Array.isArray(side.vpc)
      ? side.vpc.flatMap(v =>
          typeof v === 'object' && v !== null ? strings(v.vpc_id) : [],
        )
      : []),
  ]);
}

/** What the plan touches directly, and the ids to place in a VPC by asking AWS. */
export interface PlanFootprint {
  vpcIds: Set<string>;
  idsToLocate: Set<string>;
}

/** The VPCs the network changes name, and the ids only AWS can place. */
export function planFootprint(plan: TerraformPlan): PlanFootprint {
  // Ids the plan's own resources (changed or not) place in a VPC.
  const placed = new Map<string, string>();
  for (const change of plan.resources) {
    for (const side of sidesOf(change)) {
      const [id] = strings(side.id);
      const [vpcId] = strings(side.vpc_id);
      if (id && vpcId) placed.set(id, vpcId);
    }
  }
  const vpcIds = new Set<string>();
  const idsToLocate = new Set<string>();
  for (const change of plan.resources.filter(isNetworkChange)) {
    const direct = directVpcIds(change);
    direct.forEach(v => vpcIds.add(v));
    if (direct.length > 0) continue;
    for (const side of sidesOf(change)) {
      for (const attribute of ID_ATTRIBUTES) {
        for (const id of strings(side[attribute])) {
          const vpcId = placed.get(id);
          if (vpcId) vpcIds.add(vpcId);
          else idsToLocate.add(id);
        }
      }
    }
  }
  return { vpcIds, idsToLocate };
}
