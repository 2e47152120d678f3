/**
 * The endpoint table of the report: one row per needed endpoint service, plus endpoints of
 * the same AWS services that exist in the VPC but do not serve this service's tasks.
 */
import {
  AspectStatus,
  EndpointStatus,
  Finding,
  RuleId,
  SharedEndpointSource,
  endpointRequirements,
  endpointServiceSuffix,
  KNOWN_NEEDS,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { VpcEndpoint } from '../model';
import { EndpointUse, RuleContext } from './context';
import type { HubUse } from './hubZones';
import { endpointPolicyOutcome } from './policy';
import { s3PrefixListKnown } from './unknowns';

function aspect(
  ctx: RuleContext,
  findings: Finding[],
  service: string,
  rules: RuleId[],
  whenClean: AspectStatus = 'ok',
): AspectStatus {
  const hits = findings.filter(
    f =>
      rules.includes(f.rule) &&
      (f.service === undefined || f.service === service),
  );
  if (hits.some(f => f.severity === 'error')) return 'fail';
  if (hits.length > 0) return 'warn';
  if (rules.some(r => ctx.skipped.has(r))) return 'unknown';
  return whenClean;
}

function zonesOf(
  ctx: RuleContext,
  endpoint: VpcEndpoint | undefined,
): string[] {
  if (!endpoint) return [];
  const zones = ctx.snapshot.subnets
    .filter(s => endpoint.subnetIds.includes(s.id))
    .map(s => s.availabilityZone);
  return [...new Set(zones)].sort();
}

function policyKind(
  endpoint: VpcEndpoint | undefined,
  ctx: RuleContext,
  service: string,
): EndpointStatus['policy'] {
  if (!endpoint) return 'none';
  return endpointPolicyOutcome(ctx, service, endpoint).policy;
}

/** How a hub zone or a Profile-shared endpoint answers the service's name, for the row. */
function sharedFromOf(hub: HubUse): SharedEndpointSource {
  const { zone } = hub;
  const endpointId =
    (hub.kind === 'served' ? hub.targets.endpoints[0]?.id : undefined) ??
    zone.sharedEndpointId;
  return {
    name: hub.name,
    ...(zone.sharedEndpointId
      ? {}
      : { zone: zone.name ?? zone.id, zoneId: zone.id }),
    ...(zone.profileId ? { profileId: zone.profileId } : {}),
    ...(zone.ownerAccountId ? { accountId: zone.ownerAccountId } : {}),
    ...(endpointId ? { endpointId } : {}),
  };
}

function neededRow(
  ctx: RuleContext,
  findings: Finding[],
  use: EndpointUse,
): EndpointStatus {
  const { requirement, endpoint, inUse } = use;
  const { service, type } = requirement;
  const gateway = type === 'Gateway';
  const present = aspect(
    ctx,
    findings,
    service,
    ['missing-endpoint', 'endpoint-not-available'],
    endpoint ? 'ok' : 'n/a',
  );
  const row: EndpointStatus = {
    service,
    serviceName: use.serviceName,
    type,
    needed: true,
    need: requirement.need,
    endpointId: endpoint?.id,
    state: endpoint?.state,
    privateDnsEnabled: gateway ? undefined : endpoint?.privateDnsEnabled,
    subnetIds: endpoint?.subnetIds ?? [],
    availabilityZones: zonesOf(ctx, endpoint),
    securityGroupIds: endpoint?.securityGroupIds ?? [],
    routeTableIds: endpoint?.routeTableIds ?? [],
    policy: policyKind(endpoint, ctx, service),
    checks: {
      present,
      privateDns: 'n/a',
      securityGroups: 'n/a',
      routeTables: 'n/a',
      azCoverage: 'n/a',
      policy: 'n/a',
    },
  };
  if (!endpoint && use.hub) {
    const whenClean: Record<typeof use.hub.kind, AspectStatus> = {
      served: 'ok',
      'records-unknown': 'unknown',
      'no-record': 'fail',
      misnamed: 'fail',
    };
    row.checks.present = aspect(
      ctx,
      findings,
      service,
      [
        'hub-zone-wrong-name',
        'hub-endpoint-unreachable',
        'hub-endpoint-not-ready',
      ],
      whenClean[use.hub.kind],
    );
    row.sharedFrom = sharedFromOf(use.hub);
    return row;
  }
  if (!endpoint) return row;
  if (!gateway) {
    // An endpoint with private DNS off is bypassed off an isolated path: worth a warning, not an error.
    const dnsClean: AspectStatus = endpoint.privateDnsEnabled ? 'ok' : 'warn';
    row.checks.privateDns = aspect(
      ctx,
      findings,
      service,
      ['private-dns-disabled', 'vpc-dns-disabled', 'custom-dns'],
      dnsClean,
    );
  }
  if (!inUse) return row;
  const networkRules: RuleId[] = gateway
    ? ['task-egress-blocked', 'nacl-blocks-https']
    : ['endpoint-sg-blocks-tasks', 'task-egress-blocked', 'nacl-blocks-https'];
  row.checks.securityGroups = aspect(ctx, findings, service, networkRules);
  if (
    gateway &&
    row.checks.securityGroups === 'ok' &&
    !s3PrefixListKnown(ctx)
  ) {
    row.checks.securityGroups = 'unknown';
  }
  if (gateway)
    row.checks.routeTables = aspect(ctx, findings, service, [
      's3-route-table-missing',
    ]);
  else
    row.checks.azCoverage = aspect(ctx, findings, service, ['endpoint-az-gap']);
  const outcome = endpointPolicyOutcome(ctx, service, endpoint);
  let policyClean: AspectStatus = outcome.uncertain ? 'warn' : 'ok';
  if (outcome.unreadable) policyClean = 'unknown';
  row.checks.policy = aspect(
    ctx,
    findings,
    service,
    ['endpoint-policy-denies'],
    policyClean,
  );
  return row;
}

const KNOWN_SERVICES = new Set(
  endpointRequirements([...KNOWN_NEEDS]).map(r => r.service),
);

function otherRow(
  ctx: RuleContext,
  endpoint: VpcEndpoint,
  service: string,
): EndpointStatus {
  const gateway = endpoint.type === 'Gateway';
  let privateDnsAspect: AspectStatus = 'n/a';
  if (!gateway) privateDnsAspect = endpoint.privateDnsEnabled ? 'ok' : 'warn';
  return {
    service,
    serviceName: endpoint.serviceName,
    type: gateway ? 'Gateway' : 'Interface',
    needed: false,
    endpointId: endpoint.id,
    state: endpoint.state,
    privateDnsEnabled: gateway ? undefined : endpoint.privateDnsEnabled,
    subnetIds: endpoint.subnetIds,
    availabilityZones: zonesOf(ctx, endpoint),
    securityGroupIds: endpoint.securityGroupIds,
    routeTableIds: endpoint.routeTableIds,
    policy: policyKind(endpoint, ctx, service),
    checks: {
      present: endpoint.state.toLowerCase() === 'available' ? 'ok' : 'warn',
      privateDns: privateDnsAspect,
      securityGroups: 'n/a',
      routeTables: 'n/a',
      azCoverage: 'n/a',
      policy: 'n/a',
    },
  };
}

/** The endpoint rows of the report. */
export function endpointStatuses(
  ctx: RuleContext,
  findings: Finding[],
): EndpointStatus[] {
  const rows = ctx.endpointUses.map(use => neededRow(ctx, findings, use));
  const shown = new Set(rows.map(r => r.endpointId).filter(Boolean));
  const needed = new Set(ctx.endpointUses.map(u => u.requirement.service));
  for (const endpoint of ctx.snapshot.endpoints) {
    if (shown.has(endpoint.id)) continue;
    const service = endpointServiceSuffix(ctx.region, endpoint.serviceName);
    if (service && (needed.has(service) || KNOWN_SERVICES.has(service)))
      rows.push(otherRow(ctx, endpoint, service));
  }
  return rows;
}
