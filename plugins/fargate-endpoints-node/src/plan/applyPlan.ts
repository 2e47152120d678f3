/**
 * What the VPC looks like once a plan is applied: the model of `terraform apply` the
 * planner checks itself against, and tests check the planner against.
 */
import type { SecurityGroupRule, VpcEndpoint, VpcSnapshot } from '../model';
import type { EndpointPlan, PlannedSecurityGroupRule } from './types';
import { PLANNED_ENDPOINT_SECURITY_GROUP } from './plannedIds';

function httpsRule(rule: PlannedSecurityGroupRule): SecurityGroupRule {
  const { peer } = rule;
  return {
    protocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrBlocks: 'cidr' in peer ? [peer.cidr] : [],
    ipv6CidrBlocks: [],
    prefixListIds: 'prefixListId' in peer ? [peer.prefixListId] : [],
    groupIds: 'groupId' in peer ? [peer.groupId] : [],
  };
}

/** The snapshot after the plan: its endpoints created, its associations and rules added. */
export function applyEndpointPlan(
  snapshot: VpcSnapshot,
  plan: Pick<
    EndpointPlan,
    | 'create'
    | 'routeTableAssociations'
    | 'securityGroupRules'
    | 'createsEndpointSecurityGroup'
  >,
): VpcSnapshot {
  const created: VpcEndpoint[] = plan.create.map(e => ({
    id: e.id,
    serviceName: e.serviceName,
    type: e.type,
    state: 'available',
    privateDnsEnabled: e.type === 'Interface',
    subnetIds: e.subnetIds,
    securityGroupIds: e.securityGroupIds,
    routeTableIds: e.routeTableIds,
  }));
  const endpoints = [...snapshot.endpoints, ...created].map(e => {
    const added = plan.routeTableAssociations
      .filter(a => a.endpointId === e.id)
      .map(a => a.routeTableId);
    return added.length
      ? { ...e, routeTableIds: [...new Set([...e.routeTableIds, ...added])] }
      : e;
  });
  const groups = [...snapshot.securityGroups];
  if (
    plan.createsEndpointSecurityGroup &&
    !groups.some(g => g.id === PLANNED_ENDPOINT_SECURITY_GROUP)
  ) {
    groups.push({
      id: PLANNED_ENDPOINT_SECURITY_GROUP,
      ingress: [],
      egress: [],
    });
  }
  const securityGroups = groups.map(g => {
    const rules = plan.securityGroupRules.filter(
      r => r.securityGroupId === g.id,
    );
    if (!rules.length) return g;
    return {
      ...g,
      ingress: [
        ...g.ingress,
        ...rules.filter(r => r.direction === 'ingress').map(httpsRule),
      ],
      egress: [
        ...g.egress,
        ...rules.filter(r => r.direction === 'egress').map(httpsRule),
      ],
    };
  });
  return { ...snapshot, endpoints, securityGroups };
}
