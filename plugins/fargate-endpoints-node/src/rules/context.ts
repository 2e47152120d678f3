/**
 * What every rule reads: the snapshot, the service, and facts derived once from both (task
 * subnets and their paths, which endpoint serves each needed service, what could not be read).
 */
import {
  EndpointRequirement,
  Finding,
  RULES,
  RuleId,
  SubnetPath,
  UnknownCheck,
  endpointRequirements,
  endpointServiceName,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type {
  SecurityGroup,
  ServiceSpec,
  Subnet,
  VpcEndpoint,
  VpcSnapshot,
} from '../model';
import { detectSubnetPaths } from '../network/routes';
import { parsePrivateEcrImage } from '../spec/images';
import { HubUse, hubUseFor } from './hubZones';

/** One endpoint service the tasks need, and the endpoint that serves it. */
export interface EndpointUse {
  requirement: EndpointRequirement;
  /** `com.amazonaws.<region>.<service>` (`cn.com.amazonaws.` for some services in China). */
  serviceName: string;
  /** The endpoint that carries (or, on an isolated path, must carry) the tasks' traffic. */
  endpoint?: VpcEndpoint;
  /**
   * True when the endpoint carries the tasks' traffic, so its state, security groups, NACLs,
   * policy and AZs decide whether tasks start. On an isolated path every needed endpoint must
   * work; elsewhere an interface endpoint captures traffic only through private DNS and the S3
   * gateway only through a task route table.
   */
  inUse: boolean;
  /**
   * How the VPC's private hosted zones serve the service when no endpoint of its own with
   * private DNS does: a hub VPC's endpoint, reached over a transit gateway or peering.
   */
  hub?: HubUse;
}

/** The facts every rule reads. */
export interface RuleContext {
  snapshot: VpcSnapshot;
  spec: ServiceSpec;
  region: string;
  subnetPaths: SubnetPath[];
  /** Task subnets found in the snapshot. */
  taskSubnets: Subnet[];
  /** True when some task subnet has no route out of the VPC. */
  isolated: boolean;
  /** Route tables task subnets use, deduplicated. */
  taskRouteTableIds: string[];
  taskSecurityGroups: SecurityGroup[];
  endpointUses: EndpointUse[];
  /** Rules that must not run because their data is missing. */
  skipped: Set<RuleId>;
  unknown: UnknownCheck[];
}

/** Records a check that could not run; when `skip` is true its rules do not run at all. */
export function addUnknown(
  ctx: RuleContext,
  check: UnknownCheck,
  skip = true,
): void {
  const duplicate = ctx.unknown.some(
    u =>
      u.check === check.check &&
      u.call === check.call &&
      u.reason === check.reason,
  );
  if (!duplicate) ctx.unknown.push(check);
  if (skip) check.rules.forEach(rule => ctx.skipped.add(rule));
}

/** A finding of the rule, with the catalogue's severity. */
export function finding(
  rule: RuleId,
  fields: Omit<Finding, 'rule' | 'severity'>,
): Finding {
  return { rule, severity: RULES[rule].severity, ...fields };
}

/** The endpoints of the VPC that can serve the requirement: exact service name and type. */
export function endpointsFor(
  snapshot: VpcSnapshot,
  requirement: EndpointRequirement,
): VpcEndpoint[] {
  const name = endpointServiceName(snapshot.region, requirement.service);
  return snapshot.endpoints.filter(
    e =>
      e.serviceName === name &&
      e.type.toLowerCase() === requirement.type.toLowerCase(),
  );
}

function isAvailable(endpoint: VpcEndpoint): boolean {
  return endpoint.state.toLowerCase() === 'available';
}

function chooseEndpoint(
  candidates: VpcEndpoint[],
  requirement: EndpointRequirement,
  taskRouteTableIds: string[],
): VpcEndpoint | undefined {
  // Several endpoints of one service can exist (a failed leftover, a second gateway); the one
  // that carries traffic is the available one with private DNS, or on a task route table.
  const score = (e: VpcEndpoint) =>
    (isAvailable(e) ? 2 : 0) +
    (requirement.type === 'Gateway'
      ? Number(e.routeTableIds.some(id => taskRouteTableIds.includes(id))) * 4
      : Number(e.privateDnsEnabled) * 4);
  return [...candidates].sort((a, b) => score(b) - score(a))[0];
}

/** The account of the first image in this region's private ECR: its registry's DNS name. */
function registryAccount(
  snapshot: VpcSnapshot,
  spec: ServiceSpec,
): string | undefined {
  return spec.images
    .map(image => parsePrivateEcrImage(image))
    .find(image => image?.region === snapshot.region)?.accountId;
}

/** Builds the rule context: paths, task subnets, and the endpoint serving each need. */
export function buildRuleContext(
  snapshot: VpcSnapshot,
  spec: ServiceSpec,
): RuleContext {
  const subnetPaths = detectSubnetPaths(snapshot, spec.subnetIds);
  const isolated = subnetPaths.some(p => p.path === 'isolated');
  const taskRouteTableIds = [
    ...new Set(
      subnetPaths.flatMap(p => (p.routeTableId ? [p.routeTableId] : [])),
    ),
  ];
  const endpointUses = endpointRequirements(spec.needs, {
    platformVersion: spec.platformVersion,
  }).map(requirement => {
    const endpoint = chooseEndpoint(
      endpointsFor(snapshot, requirement),
      requirement,
      taskRouteTableIds,
    );
    const captures =
      requirement.type === 'Gateway'
        ? endpoint?.routeTableIds.some(id => taskRouteTableIds.includes(id))
        : endpoint?.privateDnsEnabled;
    const ownDns =
      requirement.type === 'Interface' && endpoint?.privateDnsEnabled;
    return {
      requirement,
      serviceName: endpointServiceName(snapshot.region, requirement.service),
      endpoint,
      inUse: Boolean(endpoint && (isolated || captures)),
      hub: ownDns
        ? undefined
        : hubUseFor(snapshot, requirement, registryAccount(snapshot, spec)),
    };
  });
  return {
    snapshot,
    spec,
    region: snapshot.region,
    subnetPaths,
    taskSubnets: spec.subnetIds.flatMap(id =>
      snapshot.subnets.filter(s => s.id === id),
    ),
    isolated,
    taskRouteTableIds,
    taskSecurityGroups: snapshot.securityGroups.filter(g =>
      spec.securityGroupIds.includes(g.id),
    ),
    endpointUses,
    skipped: new Set(),
    unknown: [],
  };
}

/**
 * The CIDRs of a prefix list a security group rule names: the S3 list or a customer-managed
 * list read with GetManagedPrefixListEntries; undefined when it could not be read.
 */
export function prefixListCidrsOf(
  ctx: Pick<RuleContext, 'snapshot'>,
): (id: string) => string[] | undefined {
  return id => {
    const { s3PrefixList, managedPrefixLists } = ctx.snapshot;
    if (s3PrefixList?.id === id && s3PrefixList.cidrs.length > 0)
      return s3PrefixList.cidrs;
    return managedPrefixLists?.find(l => l.id === id)?.cidrs;
  };
}

/**
 * Records that a security group rule's verdict hangs on prefix lists whose entries are not
 * known: the rule reports unknown (with the read's reason) instead of a block.
 */
export function addUnresolvedPrefixLists(
  ctx: RuleContext,
  rule: RuleId,
  ids: readonly string[],
  what: string,
): void {
  for (const id of ids) {
    const failures = ctx.snapshot.failures.filter(
      f => f.part === 'managedPrefixLists' && f.reason.includes(id),
    );
    const failure =
      failures.find(f => f.call === 'GetManagedPrefixListEntries') ??
      failures[0];
    addUnknown(
      ctx,
      {
        check: `prefix list ${id} (${what})`,
        rules: [rule],
        call: failure?.call ?? 'GetManagedPrefixListEntries',
        reason:
          failure?.reason ??
          `a security group rule names ${id}, whose entries were not read`,
      },
      false,
    );
  }
}

/** The endpoints in use, with the endpoint present. */
export function endpointsInUse(
  ctx: RuleContext,
): Array<EndpointUse & { endpoint: VpcEndpoint }> {
  return ctx.endpointUses.filter(
    (u): u is EndpointUse & { endpoint: VpcEndpoint } =>
      u.inUse && u.endpoint !== undefined,
  );
}
