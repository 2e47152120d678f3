/**
 * Where a missing name or a broken resolver bites, in the words of the resources involved: the
 * hub zones and Route 53 Profiles that serve some of a service's names but not the one it
 * lacks, and the needs that turning VPC DNS off breaks.
 */
import { regionDnsSuffix } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { RuleContext } from './context';
import { serviceHostname } from './symptoms';

/** How one zone reaches the VPC, for a sentence: `api.ecr.eu-west-1.amazonaws.com (Z123, through Route 53 Profile rp-1)`. */
function zoneWords(zone: {
  id: string;
  name?: string;
  profileId?: string;
}): string {
  const via = zone.profileId
    ? `, through Route 53 Profile ${zone.profileId}`
    : '';
  return `${zone.name ?? zone.id} (${
    zone.name ? `${zone.id}${via}` : via.slice(2) || 'name unknown'
  })`;
}

/**
 * For a service no endpoint of the VPC and no zone serves, when hub zones or a Profile serve
 * the service's other names: which of them lack this one, and what to add where. Empty when
 * nothing of the kind serves the VPC.
 */
export function hubGapNote(ctx: RuleContext, service: string): string {
  const zones = ctx.endpointUses.flatMap(u =>
    u.hub && u.requirement.service !== service ? [u.hub.zone] : [],
  );
  const unique = [...new Map(zones.map(z => [z.id, z])).values()];
  if (unique.length === 0) return '';
  const profiles = [
    ...new Set(unique.flatMap(z => (z.profileId ? [z.profileId] : []))),
  ];
  const host = serviceHostname(service, ctx.region);
  const zoneName =
    service === 'ecr.dkr'
      ? `dkr.ecr.${ctx.region}.${regionDnsSuffix(ctx.region)} (with a * record)`
      : host;
  return ` The shared endpoints this VPC uses come through ${unique
    .map(zoneWords)
    .join(', ')}, and none of them answers ${host}: ${
    profiles.length > 0
      ? `neither a zone associated with this VPC nor Route 53 Profile ${profiles.join(
          ', ',
        )} carries one for it`
      : 'no private hosted zone for it is associated with this VPC'
  }. Either add a zone ${zoneName} aliased to the hub's ${service} endpoint ${
    profiles.length > 0
      ? `to Profile ${profiles.join(', ')}`
      : `and associate it with ${ctx.snapshot.vpcId}`
  }, or create the endpoint in this VPC.`;
}

/** The needs (with their endpoint services) and EFS mounts that VPC DNS being off breaks. */
export function dnsDependents(ctx: RuleContext): string[] {
  const byNeed = new Map<string, string[]>();
  for (const use of ctx.endpointUses) {
    if (use.requirement.type !== 'Interface') continue;
    const list = byNeed.get(use.requirement.need) ?? [];
    list.push(use.requirement.service);
    byNeed.set(use.requirement.need, list);
  }
  const suffix = regionDnsSuffix(ctx.region);
  return [
    ...[...byNeed].map(
      ([need, services]) =>
        `${need} (private DNS of ${services
          .map(s => serviceHostname(s, ctx.region))
          .join(', ')})`,
    ),
    ...(ctx.spec.efsFileSystemIds ?? []).map(
      id =>
        `the EFS volume ${id} (mounted by its DNS name ${id}.efs.${ctx.region}.${suffix})`,
    ),
  ];
}
