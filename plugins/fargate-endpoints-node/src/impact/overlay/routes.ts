/**
 * `aws_route_table` (inline `route` blocks), `aws_route`, `aws_route_table_association` and
 * `aws_main_route_table_association` (Terraform AWS provider docs of each). A subnet without
 * an explicit association uses the VPC's main table; deleting a main table association gives
 * the VPC back its `original_route_table_id`.
 */
import type { Route, RouteTable } from '../../model';
import type { PlannedChange } from '../planDocument';
import { containsUnknown, UNKNOWN } from '../planValues';
import {
  beforeString,
  type ChangeHandler,
  type OverlayState,
} from './overlayState';

/** Route attributes naming a target, as the provider spells them. */
const TARGETS = [
  'gateway_id',
  'nat_gateway_id',
  'transit_gateway_id',
  'vpc_peering_connection_id',
  'network_interface_id',
  'vpc_endpoint_id',
  'egress_only_gateway_id',
  'local_gateway_id',
  'carrier_gateway_id',
  'core_network_arn',
];

/** A route from provider attributes (`cidr_block` inline, `destination_cidr_block` standalone). */
function toRoute(
  object: Record<string, unknown>,
  prefix: '' | 'destination_',
): Route {
  const text = (name: string) =>
    typeof object[name] === 'string' && object[name] !== ''
      ? (object[name] as string)
      : undefined;
  return {
    destinationCidrBlock: text(`${prefix}cidr_block`),
    destinationIpv6CidrBlock: text(`${prefix}ipv6_cidr_block`),
    destinationPrefixListId: text('destination_prefix_list_id'),
    target: TARGETS.map(text).find(Boolean),
    state: 'active',
  };
}

function sameDestination(a: Route, b: Route): boolean {
  return (
    a.destinationCidrBlock === b.destinationCidrBlock &&
    a.destinationIpv6CidrBlock === b.destinationIpv6CidrBlock &&
    a.destinationPrefixListId === b.destinationPrefixListId
  );
}

function tableOf(state: OverlayState, id: string | undefined) {
  const snapshot = state.vpcOf(id);
  const table = snapshot?.routeTables.find(t => t.id === id);
  return table && snapshot ? { snapshot, table } : undefined;
}

/** The inline routes after the change; undefined (and recorded) when unknown. */
function inlineRoutes(
  state: OverlayState,
  change: PlannedChange,
  vpcId: string,
): Route[] | undefined {
  const value = state.values.afterOr(change, 'route', []);
  if (value === UNKNOWN) {
    state.unknown(change, 'route', 'routeTables', { vpcId });
    return undefined;
  }
  if (!Array.isArray(value)) return [];
  if (
    Array.isArray(change.afterUnknown.route) &&
    containsUnknown(change.afterUnknown.route)
  ) {
    // A target created by this plan: the route exists, its target id comes with apply.
    state.unknown(change, 'route', 'routeTables', { vpcId });
    return undefined;
  }
  return value
    .filter(
      (r): r is Record<string, unknown> => typeof r === 'object' && r !== null,
    )
    .map(r => toRoute(r, ''));
}

/** `aws_route_table`. */
export const routeTableChange: ChangeHandler = (state, change) => {
  const oldId = beforeString(change, 'id');
  if (change.action === 'delete' || change.action === 'replace') {
    const found = tableOf(state, oldId);
    if (found) {
      state.touch(found.snapshot.vpcId, change);
      found.snapshot.routeTables = found.snapshot.routeTables.filter(
        t => t.id !== oldId,
      );
    }
    if (change.action === 'delete') return;
  }
  const snapshot = state.vpc(state.values.afterString(change, 'vpc_id'));
  if (!snapshot) return;
  state.touch(snapshot.vpcId, change);
  const routes = inlineRoutes(state, change, snapshot.vpcId);
  if (change.action === 'update') {
    const table = snapshot.routeTables.find(t => t.id === oldId);
    if (table && routes) {
      // Terraform's `route` leaves out the VPC's local routes; AWS keeps them.
      table.routes = [
        ...table.routes.filter(r => r.target === 'local'),
        ...routes,
      ];
    }
    return;
  }
  snapshot.routeTables.push({
    id: state.values.idOf(change)!,
    main: false,
    subnetIds: [],
    routes: routes ?? [],
  });
};

/** `aws_route`: one route of a table. */
export const routeChange: ChangeHandler = (state, change) => {
  if (change.action !== 'create') {
    const found = tableOf(state, beforeString(change, 'route_table_id'));
    if (found) {
      const old = toRoute(change.before ?? {}, 'destination_');
      found.table.routes = found.table.routes.filter(
        r => !sameDestination(r, old),
      );
      state.touch(found.snapshot.vpcId, change);
    }
    if (change.action === 'delete') return;
  }
  const tableId = state.values.afterString(change, 'route_table_id');
  if (tableId === UNKNOWN) {
    state.unknown(change, 'route_table_id', 'routeTables');
    return;
  }
  const found = tableOf(state, tableId);
  if (!found) return;
  state.touch(found.snapshot.vpcId, change);
  const after: Record<string, unknown> = { ...(change.after ?? {}) };
  for (const target of TARGETS) {
    if (change.afterUnknown[target] !== true) continue;
    const value = state.values.afterString(change, target);
    if (value === UNKNOWN) {
      state.unknown(change, target, 'routeTables', {
        vpcId: found.snapshot.vpcId,
      });
      return;
    }
    after[target] = value;
  }
  const route = toRoute(after, 'destination_');
  found.table.routes = [
    ...found.table.routes.filter(r => !sameDestination(r, route)),
    route,
  ];
};

function dissociate(table: RouteTable, subnetId: string): void {
  table.subnetIds = table.subnetIds.filter(s => s !== subnetId);
}

/** `aws_route_table_association`: a subnet's explicit table (gateway edge associations are ignored). */
export const routeTableAssociationChange: ChangeHandler = (state, change) => {
  if (change.action !== 'create') {
    const found = tableOf(state, beforeString(change, 'route_table_id'));
    const subnetId = beforeString(change, 'subnet_id');
    if (found && subnetId) {
      dissociate(found.table, subnetId);
      state.touch(found.snapshot.vpcId, change);
    }
    if (change.action === 'delete') return;
  }
  const subnetId = state.values.afterString(change, 'subnet_id');
  const tableId = state.values.afterString(change, 'route_table_id');
  if (subnetId === UNKNOWN) {
    state.unknown(change, 'subnet_id', 'routeTables');
    return;
  }
  if (!subnetId) return;
  const snapshot = state.vpcOf(subnetId);
  if (tableId === UNKNOWN) {
    state.unknown(change, 'route_table_id', 'routeTables', {
      vpcId: snapshot?.vpcId,
      subnetIds: [subnetId],
    });
    return;
  }
  if (!snapshot) return;
  state.touch(snapshot.vpcId, change);
  for (const table of snapshot.routeTables) dissociate(table, subnetId);
  snapshot.routeTables.find(t => t.id === tableId)?.subnetIds.push(subnetId);
};

/** `aws_main_route_table_association`: which table is the VPC's main one. */
export const mainRouteTableAssociationChange: ChangeHandler = (
  state,
  change,
) => {
  const setMain = (vpcId: string | undefined, tableId: string | undefined) => {
    const snapshot = state.vpc(vpcId);
    if (!snapshot || !tableId) return;
    state.touch(snapshot.vpcId, change);
    for (const table of snapshot.routeTables) table.main = table.id === tableId;
  };
  if (change.action === 'delete') {
    setMain(
      beforeString(change, 'vpc_id'),
      beforeString(change, 'original_route_table_id'),
    );
    return;
  }
  const vpcId = state.values.afterString(change, 'vpc_id');
  const tableId = state.values.afterString(change, 'route_table_id');
  if (vpcId === UNKNOWN) return;
  if (tableId === UNKNOWN) {
    state.unknown(change, 'route_table_id', 'routeTables', { vpcId });
    return;
  }
  setMain(vpcId, tableId);
};
