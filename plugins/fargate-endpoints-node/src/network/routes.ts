/**
 * Route tables and egress paths: which route table a subnet really uses, and how its tasks
 * would reach AWS service endpoints outside the VPC.
 */
import type {
  EgressPath,
  ReportPath,
  SubnetPath,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { Route, RouteTable, VpcSnapshot } from '../model';
import { networkAclForSubnet } from './nacl';

/** The route table a subnet uses and whether the association is explicit. */
export interface EffectiveRouteTable {
  routeTable: RouteTable;
  explicit: boolean;
}

/** The subnet's effective route table: its explicit association, else the VPC's main table. */
export function effectiveRouteTable(
  routeTables: readonly RouteTable[],
  subnetId: string,
): EffectiveRouteTable | undefined {
  const explicit = routeTables.find(t => t.subnetIds.includes(subnetId));
  if (explicit) return { routeTable: explicit, explicit: true };
  const main = routeTables.find(t => t.main);
  return main ? { routeTable: main, explicit: false } : undefined;
}

/** The active IPv4 default route of a table; blackhole routes do not count. */
export function defaultRoute(routeTable: RouteTable): Route | undefined {
  return routeTable.routes.find(
    r =>
      r.destinationCidrBlock === '0.0.0.0/0' &&
      r.state === 'active' &&
      r.target,
  );
}

/** Classifies a default route target: igw- public, nat- NAT, anything else custom. */
export function pathForTarget(target: string | undefined): EgressPath {
  if (!target) return 'isolated';
  if (target.startsWith('igw-')) return 'public';
  if (target.startsWith('nat-')) return 'nat';
  return 'custom';
}

function routeTablesReadable(snapshot: VpcSnapshot): boolean {
  return !snapshot.failures.some(f => f.part === 'routeTables');
}

/** How each task subnet reaches AWS; `unknown` when its route table could not be read. */
export function detectSubnetPaths(
  snapshot: VpcSnapshot,
  subnetIds: readonly string[],
): SubnetPath[] {
  const readable = routeTablesReadable(snapshot);
  const aclsReadable = !snapshot.failures.some(f => f.part === 'networkAcls');
  const subnetsReadable = !snapshot.failures.some(f => f.part === 'subnets');
  return subnetIds.map(subnetId => {
    const subnet = snapshot.subnets.find(s => s.id === subnetId);
    const base: SubnetPath = {
      subnetId,
      availabilityZone: subnet?.availabilityZone,
      cidrBlock: subnet?.cidrBlock,
      networkAclId: aclsReadable
        ? networkAclForSubnet(snapshot.networkAcls, subnetId)?.id
        : undefined,
      path: 'unknown',
    };
    // A subnet of another VPC must not inherit this VPC's main route table.
    const inVpc = subnet !== undefined || !subnetsReadable;
    const effective =
      readable && inVpc
        ? effectiveRouteTable(snapshot.routeTables, subnetId)
        : undefined;
    if (!effective) return base;
    const target = defaultRoute(effective.routeTable)?.target;
    return {
      ...base,
      routeTableId: effective.routeTable.id,
      explicitRouteTable: effective.explicit,
      path: pathForTarget(target),
      defaultRouteTarget: target,
    };
  });
}

/** The service's path: the one path its subnets share, `mixed`, or `unknown` if any is. */
export function reportPath(subnets: readonly SubnetPath[]): ReportPath {
  if (subnets.length === 0 || subnets.some(s => s.path === 'unknown'))
    return 'unknown';
  const paths = new Set(subnets.map(s => s.path));
  return paths.size === 1 ? (subnets[0].path as EgressPath) : 'mixed';
}
