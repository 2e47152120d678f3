/**
 * Overlays a plan's changes on live VPC snapshots: every resource type the impact
 * understands, in two passes (resources that hold others first, then routes, rules and
 * associations, which may name what the first pass created).
 */
import type { VpcSnapshot } from '../../model';
import type { PlannedChange } from '../planDocument';
import type { PlanValues } from '../planValues';
import {
  endpointRouteTableAssociationChange,
  endpointSecurityGroupAssociationChange,
  endpointSubnetAssociationChange,
  vpcEndpointChange,
} from './endpoints';
import {
  networkAclAssociationChange,
  networkAclChange,
  networkAclRuleChange,
} from './networkAcls';
import { OverlayState, type ChangeHandler } from './overlayState';
import {
  mainRouteTableAssociationChange,
  routeChange,
  routeTableAssociationChange,
  routeTableChange,
} from './routes';
import {
  egressRuleChange,
  ingressRuleChange,
  securityGroupChange,
  securityGroupRuleChange,
} from './securityGroups';
import {
  dhcpOptionsAssociationChange,
  route53ZoneAssociationChange,
  route53ZoneChange,
  vpcChange,
} from './vpcDns';

/** The resources that hold others: applied first. */
const CONTAINERS = {
  aws_vpc: vpcChange,
  aws_vpc_endpoint: vpcEndpointChange,
  aws_route_table: routeTableChange,
  aws_security_group: securityGroupChange,
  aws_network_acl: networkAclChange,
  aws_route53_zone: route53ZoneChange,
} satisfies Record<string, ChangeHandler>;

/** Routes, rules and associations: applied second. */
const MEMBERS = {
  aws_vpc_endpoint_route_table_association: endpointRouteTableAssociationChange,
  aws_vpc_endpoint_subnet_association: endpointSubnetAssociationChange,
  aws_vpc_endpoint_security_group_association:
    endpointSecurityGroupAssociationChange,
  aws_route: routeChange,
  aws_route_table_association: routeTableAssociationChange,
  aws_main_route_table_association: mainRouteTableAssociationChange,
  aws_security_group_rule: securityGroupRuleChange,
  aws_vpc_security_group_ingress_rule: ingressRuleChange,
  aws_vpc_security_group_egress_rule: egressRuleChange,
  aws_network_acl_rule: networkAclRuleChange,
  aws_network_acl_association: networkAclAssociationChange,
  aws_vpc_dhcp_options_association: dhcpOptionsAssociationChange,
  aws_route53_zone_association: route53ZoneAssociationChange,
} satisfies Record<string, ChangeHandler>;

/** A resource type whose changes the impact overlays on the network. */
export type NetworkResourceType =
  | keyof typeof CONTAINERS
  | keyof typeof MEMBERS;

/** Every resource type the impact understands. */
export const NETWORK_RESOURCE_TYPES = [
  ...Object.keys(CONTAINERS),
  ...Object.keys(MEMBERS),
] as NetworkResourceType[];

/** True for a change the overlay applies (a network resource type, and not a no-op). */
export function isNetworkChange(change: PlannedChange): boolean {
  return (
    change.action !== 'no-op' &&
    (change.type in CONTAINERS || change.type in MEMBERS)
  );
}

/**
 * The VPCs as the changes leave them. `located` holds the VPC of ids the snapshots do not
 * list (normally none: every id of a touched VPC is in its snapshot).
 */
export function overlayPlan(
  live: Map<string, VpcSnapshot>,
  values: PlanValues,
  changes: PlannedChange[],
  located?: Map<string, string>,
): OverlayState {
  const state = new OverlayState(live, values, located);
  const handlers: Record<string, ChangeHandler> = CONTAINERS;
  const members: Record<string, ChangeHandler> = MEMBERS;
  for (const change of changes.filter(isNetworkChange))
    handlers[change.type]?.(state, change);
  for (const change of changes.filter(isNetworkChange))
    members[change.type]?.(state, change);
  return state;
}
