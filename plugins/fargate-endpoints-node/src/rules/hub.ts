/**
 * Shared endpoints in a hub VPC (docs/domain.md#what-organisations-add): a spoke with no endpoint of its own is
 * fine when a private hosted zone answers the service's real DNS name with the hub endpoint's
 * addresses, a route takes the task subnets there (transit gateway, peering), the task
 * security groups and network ACLs pass 443 both ways, and the hub endpoint itself works.
 *
 * - `hub-zone-wrong-name`: the zone is named after the endpoint service (`ecr.api.<region>...`)
 *   instead of the DNS name (`api.ecr.<region>...`), or answers `dkr.ecr` without the wildcard.
 * - `hub-endpoint-unreachable`: no active route, the task security groups or the task
 *   subnet's network ACL stop 443 to the addresses the zone answers with.
 * - `hub-endpoint-not-ready`: read with the hub role: the endpoint is not available, is for
 *   another service, its security groups do not admit the task subnets, or its policy refuses.
 * - `hub-endpoint-unverified` (info): what the checker could not see of the hub side without a
 *   hub role in config.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { endpointServiceName } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { Route, RouteTable, Subnet } from '../model';
import { cidrContains } from '../network/cidr';
import { naclAllows, networkAclForSubnet } from '../network/nacl';
import { TCP } from '../network/protocol';
import { effectiveRouteTable } from '../network/routes';
import { securityGroupsAdmit } from '../network/securityGroups';
import {
  EndpointUse,
  RuleContext,
  addUnknown,
  addUnresolvedPrefixLists,
  finding,
  prefixListCidrsOf,
} from './context';
import { describeZone, type HubUse } from './hubZones';
import { endpointPolicyOutcome } from './policy';
import { symptomFor } from './symptoms';

const HTTPS = { protocol: 'tcp', ports: { from: 443, to: 443 } };

type Served = EndpointUse & { hub: Extract<HubUse, { kind: 'served' }> };

/** The needed services a hub zone serves. */
export function hubServed(ctx: RuleContext): Served[] {
  return ctx.endpointUses.filter((u): u is Served => u.hub?.kind === 'served');
}

/** True when a private hosted zone decides this service's name (so missing-endpoint does not). */
export function zoneDecides(use: EndpointUse): boolean {
  return use.hub !== undefined;
}

function zoneLabel(use: { hub: HubUse }): string {
  const { zone } = use.hub;
  if (zone.sharedEndpointId) return describeZone(zone);
  const via =
    zone.via === 'profile'
      ? `, through Route 53 Profile ${zone.profileId ?? ''}`.trimEnd()
      : '';
  return zone.name
    ? `${zone.name} (${zone.id}${
        zone.ownerAccountId ? `, account ${zone.ownerAccountId}` : ''
      }${via})`
    : describeZone(zone);
}

/** `hub-zone-wrong-name`: a zone meant for the service does not answer the name tasks resolve. */
export function hubZoneWrongName(ctx: RuleContext): Finding[] {
  return ctx.endpointUses.flatMap(use => {
    const { hub, requirement } = use;
    if (hub?.kind !== 'misnamed' && hub?.kind !== 'no-record') return [];
    const { service } = requirement;
    const wildcard = service === 'ecr.dkr';
    const message =
      hub.kind === 'misnamed'
        ? `The private hosted zone ${zoneLabel({
            hub,
          })} is named after the endpoint service, but tasks resolve ${
            hub.name
          }, which it does not contain: the name goes to public DNS, resolves to a public address the isolated subnet cannot reach, and ${symptomFor(
            service,
            ctx.region,
          )}.`
        : `The private hosted zone ${zoneLabel({
            hub,
          })} contains ${hub.name} but has no record that answers it${
            wildcard
              ? ` (registry names are <account>.dkr.ecr..., so only a wildcard ${hub.wanted} record answers them)`
              : ''
          }: Route 53 Resolver answers NXDOMAIN from the zone and asks no one else, so ${symptomFor(
            service,
            ctx.region,
          )}.`;
    const fix =
      hub.kind === 'misnamed'
        ? `Create a private hosted zone named ${hub.wanted.replace(
            /^\*\./,
            '',
          )} with ${
            wildcard
              ? `an alias record ${hub.wanted}`
              : 'an alias A record at its apex'
          } to the hub's ${endpointServiceName(
            ctx.region,
            service,
          )} endpoint DNS name, associate it with ${
            ctx.snapshot.vpcId
          }, and delete ${hub.zone.name}.`
        : `Add to ${hub.zone.name} an alias A record ${
            hub.wanted
          } to the hub's ${endpointServiceName(
            ctx.region,
            service,
          )} endpoint DNS name (Route 53 console → Hosted zones → ${
            hub.zone.name
          } → Create record${wildcard ? ', record name *' : ''}).`;
    return [
      finding('hub-zone-wrong-name', {
        service,
        resourceId: hub.zone.id,
        message,
        fix,
      }),
    ];
  });
}

/** The route a subnet's table chooses for a destination: longest prefix, blackholes included. */
function routeFor(table: RouteTable, cidr: string): Route | undefined {
  let best: Route | undefined;
  let bestPrefix = -1;
  for (const route of table.routes) {
    const destination = route.destinationCidrBlock;
    if (!destination || !cidrContains(destination, cidr)) continue;
    const prefix = Number(destination.split('/')[1]);
    if (prefix > bestPrefix) {
      best = route;
      bestPrefix = prefix;
    }
  }
  return best;
}

const REACHES_OTHER_NETWORKS = /^(tgw-|pcx-|vgw-|eni-|local$|lgw-|cgw-)/;

function routeProblem(
  ctx: RuleContext,
  subnet: Subnet,
  cidr: string,
): string | undefined {
  const effective = effectiveRouteTable(ctx.snapshot.routeTables, subnet.id);
  if (!effective) return undefined; // an unknown route table is reported elsewhere
  const table = effective.routeTable;
  const route = routeFor(table, cidr);
  if (!route?.target)
    return `${table.id} (used by ${subnet.id}) has no route to ${cidr}`;
  if (route.state === 'blackhole')
    return `${table.id} (used by ${subnet.id}) sends ${cidr} to ${route.target}, a blackhole route (the attachment or peering is gone)`;
  if (!REACHES_OTHER_NETWORKS.test(route.target))
    return `${table.id} (used by ${subnet.id}) sends ${cidr} to ${route.target}, which does not lead to another VPC's private addresses`;
  return undefined;
}

function unreachable(
  ctx: RuleContext,
  use: Served,
  resourceId: string,
  problem: string,
  fix: string,
): Finding {
  const { service } = use.requirement;
  return finding('hub-endpoint-unreachable', {
    service,
    resourceId,
    message: `${use.hub.name} resolves through ${zoneLabel(
      use,
    )} to the hub endpoint at ${use.hub.targets.cidrs.join(
      ', ',
    )}, but ${problem}, so ${symptomFor(service, ctx.region)}.`,
    fix,
  });
}

/** `hub-endpoint-unreachable`: the path from the task subnets to the hub addresses is closed. */
export function hubEndpointUnreachable(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const taskGroup = ctx.spec.securityGroupIds[0];
  for (const use of hubServed(ctx)) {
    const { cidrs } = use.hub.targets;
    if (cidrs.length === 0) continue;
    const routeProblems = ctx.taskSubnets.flatMap(subnet =>
      cidrs.flatMap(cidr => {
        const problem = routeProblem(ctx, subnet, cidr);
        return problem ? [{ subnet, cidr, problem }] : [];
      }),
    );
    if (routeProblems.length > 0) {
      const first = routeProblems[0];
      const table =
        effectiveRouteTable(ctx.snapshot.routeTables, first.subnet.id)
          ?.routeTable.id ?? first.subnet.id;
      findings.push(
        unreachable(
          ctx,
          use,
          table,
          routeProblems.map(p => p.problem).join('; '),
          `Add a route to ${first.cidr} (or the hub VPC's CIDR) via the transit gateway attachment to ${table} (VPC console → Route tables → ${table} → Edit routes), or \`aws ec2 create-route --route-table-id ${table} --destination-cidr-block ${first.cidr} --transit-gateway-id <tgw-id>\`; the transit gateway route table must send it on to the hub VPC.`,
        ),
      );
    }
    const egress = securityGroupsAdmit(
      ctx.taskSecurityGroups,
      'egress',
      HTTPS,
      { groupIds: [], cidrs },
      prefixListCidrsOf(ctx),
    );
    if (!egress.admitted && egress.unresolvedPrefixListIds.length) {
      addUnresolvedPrefixLists(
        ctx,
        'hub-endpoint-unreachable',
        egress.unresolvedPrefixListIds,
        `task egress to the hub ${use.requirement.service} endpoint`,
      );
    } else if (!egress.admitted) {
      findings.push(
        unreachable(
          ctx,
          use,
          taskGroup,
          `the task security groups (${ctx.spec.securityGroupIds.join(
            ', ',
          )}) allow no outbound TCP 443 to ${cidrs.join(
            ', ',
          )} (security group references do not cross a transit gateway: only CIDRs or prefix lists do)`,
          `Add an outbound rule to ${taskGroup}: HTTPS (TCP 443) to the hub VPC's CIDR or a prefix list holding it, or \`aws ec2 authorize-security-group-egress --group-id ${taskGroup} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=${cidrs[0]}}]'\`.`,
        ),
      );
    }
    for (const subnet of ctx.taskSubnets) {
      const acl = networkAclForSubnet(ctx.snapshot.networkAcls, subnet.id);
      if (!acl) continue;
      const out = naclAllows(acl, {
        egress: true,
        protocol: TCP,
        ports: { from: 443, to: 443 },
        remoteCidrs: cidrs,
      });
      const back = naclAllows(acl, {
        egress: false,
        protocol: TCP,
        ports: { from: 1024, to: 65535 },
        remoteCidrs: cidrs,
      });
      let blocked: { verdict: typeof out; what: string } | undefined;
      if (!out.allowed)
        blocked = { verdict: out, what: `outbound TCP 443 from ${subnet.id}` };
      else if (!back.allowed)
        blocked = {
          verdict: back,
          what: `inbound TCP 1024-65535 (the replies) into ${subnet.id}`,
        };
      if (!blocked || blocked.verdict.allowed) continue;
      const { block } = blocked.verdict;
      findings.push(
        unreachable(
          ctx,
          use,
          acl.id,
          `the network ACL ${acl.id} blocks ${blocked.what} for ${
            block.addresses
          }${
            block.ruleNumber
              ? ` (rule ${block.ruleNumber})`
              : ' (no rule allows it)'
          }`,
          `Allow in ${acl.id}: outbound TCP 443 to ${cidrs.join(
            ', ',
          )} and inbound TCP 1024-65535 from them, with rule numbers below any deny that matches (VPC console → Network ACLs → ${
            acl.id
          }).`,
        ),
      );
      break;
    }
  }
  return findings;
}

/** `hub-endpoint-not-ready`: the hub's endpoint, read with the hub role, would refuse the tasks. */
export function hubEndpointNotReady(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const taskCidrs = ctx.taskSubnets.map(s => s.cidrBlock);
  for (const use of hubServed(ctx)) {
    const { service } = use.requirement;
    const wanted = endpointServiceName(ctx.region, service);
    for (const endpoint of use.hub.targets.endpoints) {
      const problems: Array<{ problem: string; fix: string }> = [];
      if (endpoint.serviceName !== wanted) {
        problems.push({
          problem: `it is an endpoint for ${endpoint.serviceName}, not ${wanted}`,
          fix: `Point ${use.hub.name} at the hub's ${wanted} endpoint.`,
        });
      }
      if (use.hub.zone.sharedEndpointId && !endpoint.privateDnsEnabled) {
        problems.push({
          problem: `it is shared through Route 53 Profile ${use.hub.zone.profileId} with private DNS off, so the Profile has no ${use.hub.name} name of it to answer with`,
          fix: `In the hub account, turn on private DNS for ${endpoint.id}: \`aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${endpoint.id} --private-dns-enabled\`.`,
        });
      }
      if (endpoint.state.toLowerCase() !== 'available') {
        problems.push({
          problem: `it is in state "${endpoint.state}", not "available"`,
          fix: `In the hub account, look at ${endpoint.id} in the VPC console (Endpoints) for why it is ${endpoint.state}.`,
        });
      }
      if (endpoint.securityGroups.length < endpoint.securityGroupIds.length) {
        const failure = ctx.snapshot.hub?.failures.find(
          f => f.call === 'DescribeSecurityGroups',
        );
        addUnknown(
          ctx,
          {
            check: `hub endpoint ${endpoint.id} security groups`,
            rules: ['hub-endpoint-not-ready'],
            call: 'DescribeSecurityGroups',
            reason: failure
              ? `the read of the hub endpoints failed: ${failure.reason}`
              : `the answer lacks some of ${endpoint.securityGroupIds.join(
                  ', ',
                )}`,
          },
          false,
        );
      } else if (taskCidrs.length > 0) {
        const admission = securityGroupsAdmit(
          endpoint.securityGroups,
          'ingress',
          HTTPS,
          { groupIds: [], cidrs: taskCidrs },
        );
        if (!admission.admitted && admission.unresolvedPrefixListIds.length) {
          addUnknown(
            ctx,
            {
              check: `hub endpoint ${endpoint.id} security groups`,
              rules: ['hub-endpoint-not-ready'],
              call: 'GetManagedPrefixListEntries',
              reason: `its rules name prefix lists of the hub account (${admission.unresolvedPrefixListIds.join(
                ', ',
              )}) the checker does not read`,
            },
            false,
          );
        } else if (!admission.admitted) {
          const group = endpoint.securityGroupIds[0] ?? endpoint.id;
          problems.push({
            problem: `no security group on it (${endpoint.securityGroupIds.join(
              ', ',
            )}) admits TCP 443 from the task subnets (${taskCidrs.join(
              ', ',
            )}); group references do not cross a transit gateway`,
            fix: `In the hub account, add an inbound rule to ${group}: HTTPS (TCP 443) from the spoke's CIDR (${
              ctx.snapshot.cidrBlocks[0] ?? taskCidrs[0]
            }) or a prefix list of every spoke.`,
          });
        }
      }
      const outcome = endpointPolicyOutcome(ctx, service, endpoint);
      if (outcome.refused.length > 0) {
        problems.push({
          problem: `its endpoint policy refuses ${outcome.refused
            .map(r => r.request.action)
            .join(', ')}`,
          fix: `In the hub account, allow ${[
            ...new Set(outcome.refused.map(r => r.request.action)),
          ].join(', ')} in the policy of ${endpoint.id}.`,
        });
      }
      for (const { problem, fix } of problems) {
        findings.push(
          finding('hub-endpoint-not-ready', {
            service,
            resourceId: endpoint.id,
            message: `${use.hub.name} resolves to the hub endpoint ${
              endpoint.id
            } (account ${
              endpoint.ownerAccountId ?? ctx.snapshot.hub?.accountId
            }), but ${problem}, so ${symptomFor(service, ctx.region)}.`,
            fix,
          }),
        );
      }
    }
  }
  return findings;
}

/** Why a service's answer is unknown: a zone's records, a Profile zone's name, a shared endpoint's service. */
function unverifiedMessage(
  hub: Extract<HubUse, { kind: 'records-unknown' }>,
  service: string,
): string {
  const label = zoneLabel({ hub });
  if (hub.zone.sharedEndpointId)
    return `${hub.name} may be answered by ${label}, and the checker could not see which service that endpoint is for (${hub.reason}), so whether it serves ${service} is not known.`;
  if (!hub.zone.name)
    return `${hub.name} may be answered by ${label}, whose name and records the checker could not read (${hub.reason}), so whether and where it sends the tasks is not known.`;
  return `${hub.name} is answered by the private hosted zone ${label}, whose records the checker could not read (${hub.reason}), so where it sends the tasks is not known.`;
}

/** `hub-endpoint-unverified`: what of the hub side could not be seen, and how to let the checker see it. */
export function hubEndpointUnverified(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const use of ctx.endpointUses) {
    const { hub } = use;
    const { service } = use.requirement;
    if (hub?.kind === 'records-unknown') {
      findings.push(
        finding('hub-endpoint-unverified', {
          service,
          resourceId: hub.zone.id,
          message: unverifiedMessage(hub, service),
          fix: hubRoleFix(hub.zone.ownerAccountId),
        }),
      );
      continue;
    }
    if (hub?.kind !== 'served') continue;
    const unresolved = hub.targets.unresolvedEndpointIds;
    if (unresolved.length === 0) {
      if (hub.targets.endpoints.length === 0 && !ctx.snapshot.hub)
        findings.push(
          finding('hub-endpoint-unverified', {
            service,
            resourceId: hub.zone.id,
            message: `${hub.name} resolves through ${zoneLabel({
              hub,
            })} to ${hub.targets.cidrs.join(
              ', ',
            )}; the route and this VPC's security groups and network ACLs were checked, the endpoint behind those addresses was not.`,
            fix: hubRoleFix(hub.zone.ownerAccountId),
          }),
        );
      continue;
    }
    findings.push(
      finding('hub-endpoint-unverified', {
        service,
        resourceId: unresolved[0],
        message: `${hub.name} resolves through ${zoneLabel({
          hub,
        })} to ${unresolved.join(
          ', ',
        )} in another account; without a role in that account the checker cannot see its addresses, state, security groups or policy.`,
        fix: hubRoleFix(hub.zone.ownerAccountId),
      }),
    );
  }
  return findings;
}

function hubRoleFix(ownerAccountId: string | undefined): string {
  return `Name the hub account in config (fargateEndpoints.hub.accountId${
    ownerAccountId ? `: ${ownerAccountId}` : ''
  }) and give the checker a read-only role there (aws.accounts with its roleName, or aws.accountDefaults.roleName), with the checker's IAM policy; with the command-line checker, pass --hub-account${
    ownerAccountId ? ` ${ownerAccountId}` : ''
  } with --hub-role-arn or --hub-profile.`;
}

/**
 * Records unknowns for hub-served services whose spoke side cannot be judged: the zone's
 * records, or the addresses behind an endpoint the hub view does not hold. Never a pass on them.
 */
export function recordHubUnknowns(ctx: RuleContext): void {
  // A private hosted zone captures a service's name on any path (NAT and public too), unless
  // an endpoint of the VPC with private DNS answers it: without the zones, that is unknown.
  const zonesFailure = ctx.snapshot.failures.find(
    f => f.part === 'privateZones',
  );
  if (zonesFailure) {
    for (const use of ctx.endpointUses) {
      if (use.requirement.type !== 'Interface') continue;
      if (use.endpoint?.privateDnsEnabled) continue;
      addUnknown(
        ctx,
        {
          check: `private hosted zones (a hub endpoint may serve ${use.requirement.service})`,
          rules: [
            'missing-endpoint',
            'hub-zone-wrong-name',
            'hub-endpoint-unreachable',
          ],
          call: zonesFailure.call,
          reason: zonesFailure.reason,
        },
        false,
      );
    }
  }
  for (const use of ctx.endpointUses) {
    const { hub } = use;
    if (hub?.kind === 'records-unknown') {
      addUnknown(
        ctx,
        {
          check: `private hosted zone ${
            hub.zone.name ?? describeZone(hub.zone)
          }`,
          rules: ['hub-endpoint-unreachable', 'hub-endpoint-not-ready'],
          call: 'ListResourceRecordSets',
          reason: hub.reason,
        },
        false,
      );
    } else if (
      hub?.kind === 'served' &&
      hub.targets.unresolvedEndpointIds.length > 0
    ) {
      const failure = ctx.snapshot.hub?.failures[0];
      addUnknown(
        ctx,
        {
          check: `hub endpoint behind ${hub.name}`,
          rules: ['hub-endpoint-unreachable', 'hub-endpoint-not-ready'],
          call: failure?.call ?? 'DescribeVpcEndpoints',
          reason: failure
            ? `the read of the hub endpoints failed: ${failure.reason}`
            : `${hub.targets.unresolvedEndpointIds.join(
                ', ',
              )} is in another account (${
                hub.zone.ownerAccountId ?? `not this one`
              }) and no hub role is configured, so its addresses are not known`,
        },
        false,
      );
    }
  }
}
