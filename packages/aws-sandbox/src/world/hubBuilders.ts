/**
 * Shared endpoints in a hub VPC, as landing zones build them: the interface endpoints live in
 * one hub VPC of a shared-services account, with private DNS off; that account owns one
 * Route 53 private hosted zone per service name (`api.ecr.<region>.amazonaws.com`,
 * `dkr.ecr.<region>.amazonaws.com` with a `*` record, `logs.<region>.amazonaws.com`) whose
 * alias records point at the endpoints, and associates each zone with every spoke VPC; spokes
 * route the hub's CIDR to a transit gateway. The S3 gateway cannot be shared: each spoke keeps
 * its own.
 */
import { regionDnsSuffix } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { awsId } from './ids';
import type {
  SandboxHostedZone,
  SandboxPrefixList,
  SandboxRecord,
  SandboxRoute53Profile,
  SandboxWorld,
  SandboxVpc,
  SandboxVpcEndpoint,
} from './types';
import {
  endpointSecurityGroup,
  httpsToPrefixLists,
  httpsWithCidrs,
  isolatedVpc,
  taskSecurityGroup,
} from './vpcBuilders';
import { s3PrefixListId } from './prefixLists';
import { regionOf } from './world';

/** The DNS name of the hosted zone an interface endpoint's DNS names live in, per region (alias target zone). */
const VPCE_ZONE_ID = 'Z38GZ743OKFT7T';

/** The regional DNS name of an interface endpoint: `vpce-<id>-<hash>.<service dns>.vpce.amazonaws.com`. */
export function endpointDnsName(
  endpoint: SandboxVpcEndpoint,
  region: string,
): string {
  const service = endpoint.serviceName.split('.').slice(3).join('.');
  const dns =
    { 'ecr.api': `api.ecr.${region}`, 'ecr.dkr': `dkr.ecr.${region}` }[
      service
    ] ?? `${service}.${region}`;
  const hash = awsId('x', endpoint.id).slice(3, 11);
  return `${endpoint.id}-${hash}.${dns}.vpce.${regionDnsSuffix(region)}`;
}

/** The zone name a service's endpoint needs in the spokes (what the tasks resolve). */
export function hubZoneName(service: string, region: string): string {
  const suffix = regionDnsSuffix(region);
  if (service === 'ecr.api') return `api.ecr.${region}.${suffix}`;
  if (service === 'ecr.dkr') return `dkr.ecr.${region}.${suffix}`;
  return `${service}.${region}.${suffix}`;
}

/**
 * The private hosted zone for one hub endpoint, associated with the spokes: an alias at the
 * apex to the endpoint, and for ecr.dkr also the `*` record registry names need.
 */
export function hubZone(
  endpoint: SandboxVpcEndpoint,
  region: string,
  spokes: Array<{ vpcId: string; region: string }>,
  options: {
    name?: string;
    wildcard?: boolean;
    /** Seeds the zone's id besides its name: zones of one name in two accounts differ. */
    idSeed?: string;
  } = {},
): SandboxHostedZone {
  const service = endpoint.serviceName.split('.').slice(3).join('.');
  const name = options.name ?? hubZoneName(service, region);
  const alias = (recordName: string): SandboxRecord => ({
    name: recordName,
    type: 'A',
    aliasTarget: {
      dnsName: endpointDnsName(endpoint, region),
      hostedZoneId: VPCE_ZONE_ID,
    },
  });
  const records = [alias(name)];
  if (options.wildcard ?? service === 'ecr.dkr')
    records.push(alias(`*.${name}`));
  return {
    id: `Z${awsId('z', `${options.idSeed ?? ''}${name}`)
      .slice(3, 21)
      .toUpperCase()}`,
    name,
    vpcs: spokes,
    records,
  };
}

/** A hub and one spoke, ready to put into two accounts of a world. */
export interface HubAndSpoke {
  hubVpc: SandboxVpc;
  spokeVpc: SandboxVpc;
  transitGatewayId: string;
  /** In the hub account: one zone per shared endpoint, associated with the spoke. */
  zones: SandboxHostedZone[];
  /** In the spoke account: the customer-managed list of the hub's CIDR the task group names. */
  hubPrefixList: SandboxPrefixList;
}

/**
 * A hub VPC (10.100.0.0/16 by default) with shared interface endpoints for `services`, and a spoke
 * (`spokeCidr`) with only its S3 gateway, a route to the hub over a transit gateway and a
 * task group allowing 443 to a prefix list holding the hub's CIDR.
 */
export function hubAndSpoke(options: {
  name: string;
  region: string;
  spokeAccountId: string;
  spokeCidr: string;
  services: string[];
  /** The hub VPC's range; 10.100.0.0/16 unless given (two hubs in one world differ). */
  hubCidr?: string;
  /** Seeds the zones' ids besides their names, for a second landing zone in one world. */
  zoneIdSeed?: string;
}): HubAndSpoke {
  const hubCidr = options.hubCidr ?? '10.100.0.0/16';
  const hubVpc = isolatedVpc({
    name: `${options.name}-hub`,
    region: options.region,
    cidrBlock: hubCidr,
    interfaceEndpoints: options.services,
    privateDns: false,
    s3Gateway: 'none',
  });
  // Security group references do not cross a transit gateway: the hub admits the spokes' range.
  endpointSecurityGroup(hubVpc)!.ingress = [httpsWithCidrs('10.0.0.0/8')];
  const spokeVpc = isolatedVpc({
    name: options.name,
    region: options.region,
    cidrBlock: options.spokeCidr,
    s3Gateway: 'task-route-table',
  });
  const transitGatewayId = awsId('tgw', `${options.name}:landing-zone`);
  const taskTable = spokeVpc.routeTables.find(t => !t.main)!;
  taskTable.routes.push({
    destinationCidrBlock: hubCidr,
    target: transitGatewayId,
  });
  const hubPrefixList: SandboxPrefixList = {
    id: awsId('pl', `${options.name}:shared-endpoints`),
    name: 'shared-endpoints-hub',
    ownerId: options.spokeAccountId,
    cidrs: [hubCidr],
  };
  taskSecurityGroup(spokeVpc).egress = [
    httpsToPrefixLists(hubPrefixList.id),
    httpsToPrefixLists(s3PrefixListId(options.region)),
  ];
  const spokes = [{ vpcId: spokeVpc.id, region: options.region }];
  const zones = hubVpc.endpoints
    .filter(e => e.type === 'Interface')
    .map(e =>
      hubZone(e, options.region, spokes, { idSeed: options.zoneIdSeed }),
    );
  return { hubVpc, spokeVpc, transitGatewayId, zones, hubPrefixList };
}

/**
 * Moves a landing zone's hub zones from direct VPC associations to a Route 53 Profile, as
 * landing zones with many spokes do (a zone takes at most 300 VPC associations; AWS suggests
 * Profiles beyond that, Route 53 Developer Guide, "Quotas"): the hub account owns a Profile
 * carrying the zones, shares it with the spoke account through AWS RAM, and the spoke
 * associates it with its VPC. The zones keep no direct association with the spoke.
 */
export function shareZonesThroughProfile(
  world: SandboxWorld,
  options: {
    hubAccountId: string;
    spokeAccountId: string;
    region: string;
    spokeVpcId: string;
    /** The zones to move (by id); every hub zone associated with the spoke when omitted. */
    zoneIds?: string[];
  },
): SandboxRoute53Profile {
  const hubAccount = world.accounts[options.hubAccountId];
  const zones = (hubAccount.hostedZones ?? []).filter(
    z =>
      (options.zoneIds ?? [z.id]).includes(z.id) &&
      z.vpcs.some(v => v.vpcId === options.spokeVpcId),
  );
  for (const zone of zones)
    zone.vpcs = zone.vpcs.filter(v => v.vpcId !== options.spokeVpcId);
  const hubRegion = regionOf(world, options.hubAccountId, options.region);
  // A VPC has at most one Profile: a spoke that already has the hub's gets the zones added.
  const existing = hubRegion.route53Profiles?.find(p =>
    p.associations.some(a => a.vpcId === options.spokeVpcId),
  );
  const carried = zones.map(z => ({ hostedZoneId: z.id, name: z.name }));
  if (existing) {
    existing.hostedZones.push(...carried);
    return existing;
  }
  const profile: SandboxRoute53Profile = {
    id: `rp-${awsId('x', `profile:${options.spokeVpcId}`).slice(3, 19)}`,
    name: 'shared-endpoints',
    sharedWith: [options.spokeAccountId],
    hostedZones: carried,
    associations: [
      {
        id: `rpassoc-${awsId('x', `assoc:${options.spokeVpcId}`).slice(3, 19)}`,
        vpcId: options.spokeVpcId,
        accountId: options.spokeAccountId,
      },
    ],
  };
  hubRegion.route53Profiles = [...(hubRegion.route53Profiles ?? []), profile];
  return profile;
}

/**
 * Shares a landing zone's hub endpoints with the spoke through the hub's Route 53 Profile
 * instead of private hosted zones (Route 53 Profiles' interface endpoint integration, AWS
 * Networking blog "Streamlining multi-VPC DNS management with Amazon Route 53 Profiles and
 * interface VPC endpoint integration"): the hub endpoints get private DNS on, the Profile
 * carries them, and the hub's zones for the spoke go away.
 */
export function shareEndpointsThroughProfile(
  world: SandboxWorld,
  options: {
    hubAccountId: string;
    spokeAccountId: string;
    region: string;
    spokeVpcId: string;
    hubVpcId: string;
  },
): SandboxRoute53Profile {
  const profile = shareZonesThroughProfile(world, options);
  const hubAccount = world.accounts[options.hubAccountId];
  const carried = new Set(profile.hostedZones.map(z => z.hostedZoneId));
  hubAccount.hostedZones = (hubAccount.hostedZones ?? []).filter(
    z => !carried.has(z.id),
  );
  profile.hostedZones = [];
  const hubVpc = regionOf(
    world,
    options.hubAccountId,
    options.region,
  ).vpcs.find(v => v.id === options.hubVpcId)!;
  const endpoints = hubVpc.endpoints.filter(e => e.type === 'Interface');
  for (const endpoint of endpoints) endpoint.privateDnsEnabled = true;
  profile.vpcEndpoints = endpoints.map(e => ({ vpcEndpointId: e.id }));
  return profile;
}
