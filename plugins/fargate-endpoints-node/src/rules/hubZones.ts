/**
 * Shared endpoints in a hub VPC: which private hosted zone of the VPC answers a service's DNS
 * name, with what, and what the zones get wrong. Route 53 Resolver answers a name from the
 * most specific private hosted zone whose name contains it; when that zone has no record for
 * the name, the answer is NXDOMAIN and no public DNS is asked (Route 53 Developer Guide,
 * "Considerations when working with a private hosted zone").
 */
import {
  EndpointRequirement,
  endpointServiceName,
  regionDnsSuffix,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type {
  HostedZone,
  HubEndpoint,
  VpcSnapshot,
  ZoneRecord,
} from '../model';
import {
  endpointIdOfDnsName,
  isServiceZone,
  recordEndpointIds,
} from '../network/dnsNames';
import { parseIpv4 } from '../network/cidr';

/**
 * The name a task resolves for a service, and the record that must answer it. For ecr.dkr the
 * names are `<account>.dkr.ecr.<region>.<suffix>`, one per registry, so only a wildcard
 * `*.dkr.ecr.<region>.<suffix>` answers them all (AWS ECR User Guide, "Amazon ECR interface
 * VPC endpoints": the registry's DNS name is `<account>.dkr.ecr.<region>.amazonaws.com`).
 */
export function serviceDnsName(
  service: string,
  region: string,
  registryAccountId = '000000000000',
): { query: string; wanted: string } {
  const suffix = regionDnsSuffix(region);
  if (service === 'ecr.api')
    return {
      query: `api.ecr.${region}.${suffix}`,
      wanted: `api.ecr.${region}.${suffix}`,
    };
  if (service === 'ecr.dkr')
    return {
      query: `${registryAccountId}.dkr.ecr.${region}.${suffix}`,
      wanted: `*.dkr.ecr.${region}.${suffix}`,
    };
  // Services whose endpoint service suffix is not their DNS name.
  const dns =
    { 'kinesis-firehose': 'firehose', 'kinesis-streams': 'kinesis' }[service] ??
    service;
  return {
    query: `${dns}.${region}.${suffix}`,
    wanted: `${dns}.${region}.${suffix}`,
  };
}

/** Names people give hub zones by mistake: the endpoint service suffix instead of the DNS name. */
function misnamedZoneNames(service: string, region: string): string[] {
  const suffix = regionDnsSuffix(region);
  if (service === 'ecr.api')
    return [
      `ecr.api.${region}.${suffix}`,
      `ecr.${region}.${suffix}`,
      `api.${region}.${suffix}`,
    ];
  if (service === 'ecr.dkr')
    return [`ecr.dkr.${region}.${suffix}`, `dkr.${region}.${suffix}`];
  return [];
}

function within(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** The record of the zone that answers the name: exact first, else the closest wildcard. */
export function answeringRecords(
  records: readonly ZoneRecord[],
  name: string,
): ZoneRecord[] {
  const usable = (r: ZoneRecord) => ['A', 'CNAME', 'AAAA'].includes(r.type);
  const exact = records.filter(r => r.name === name && usable(r));
  if (exact.length) return exact;
  let best: ZoneRecord[] = [];
  let bestLength = -1;
  for (const r of records) {
    if (!usable(r) || !r.name.startsWith('*.')) continue;
    const parent = r.name.slice(2);
    if (!name.endsWith(`.${parent}`) || parent.length < bestLength) continue;
    if (parent.length > bestLength) best = [];
    best.push(r);
    bestLength = parent.length;
  }
  return best;
}

/** Where a hub zone sends a service's traffic. */
export interface HubTargets {
  /** The address ranges the name resolves into (A record /32s, the hub endpoint's subnets). */
  cidrs: string[];
  /** The hub endpoints the records point at, as the hub account describes them. */
  endpoints: HubEndpoint[];
  /** Endpoints the records name that the hub view does not hold (no hub role, or it failed). */
  unresolvedEndpointIds: string[];
}

/** A zone whose name is known (as listed, or from its records). */
export type NamedZone = HostedZone & { name: string };

/** How a private hosted zone serves (or fails to serve) one needed service. */
export type HubUse =
  | {
      kind: 'served';
      zone: NamedZone;
      name: string;
      records: ZoneRecord[];
      targets: HubTargets;
    }
  /** A zone answers the name, but its records could not be read: where it points is unknown. */
  | { kind: 'records-unknown'; zone: HostedZone; name: string; reason: string }
  /** The most specific zone has no record for the name: the tasks get NXDOMAIN. */
  | { kind: 'no-record'; zone: NamedZone; name: string; wanted: string }
  /** No zone answers the name, but one is named like the service by mistake. */
  | { kind: 'misnamed'; zone: NamedZone; name: string; wanted: string };

/** The records of a zone: read by this account, or by the hub role. */
function recordsOf(
  snapshot: VpcSnapshot,
  zone: HostedZone,
): ZoneRecord[] | undefined {
  return zone.records ?? snapshot.hub?.zoneRecords[zone.id];
}

function targetsOf(snapshot: VpcSnapshot, records: ZoneRecord[]): HubTargets {
  const cidrs: string[] = [];
  const endpoints: HubEndpoint[] = [];
  const unresolved: string[] = [];
  for (const record of records) {
    const ids = recordEndpointIds(record);
    if (ids.length === 0 && record.type === 'A' && !record.aliasTarget) {
      for (const value of record.values)
        if (parseIpv4(value) !== undefined) cidrs.push(`${value}/32`);
      continue;
    }
    for (const id of ids) {
      const endpoint = snapshot.hub?.endpoints.find(e => e.id === id);
      if (!endpoint) {
        unresolved.push(id);
        continue;
      }
      endpoints.push(endpoint);
      cidrs.push(...endpoint.subnets.map(s => s.cidrBlock));
    }
    // An alias or CNAME to a name that is no endpoint's: where it leads is unknown.
    const target = record.aliasTarget ?? record.values[0];
    if (
      ids.length === 0 &&
      (record.aliasTarget || record.type === 'CNAME') &&
      target &&
      !endpointIdOfDnsName(target)
    ) {
      unresolved.push(target);
    }
  }
  return {
    cidrs: [...new Set(cidrs)],
    endpoints,
    unresolvedEndpointIds: [...new Set(unresolved)],
  };
}

/**
 * How an interface endpoint that the VPC's Route 53 Profile shares serves the service: the
 * Profile answers the endpoint's private DNS names in the VPC with its addresses, so it
 * serves the service it is an endpoint for. Which service that is only its owner can say
 * (the hub view): an endpoint the hub view does not hold makes the answer unknown.
 */
function sharedEndpointUse(
  snapshot: VpcSnapshot,
  requirement: EndpointRequirement,
  query: string,
): HubUse | undefined {
  const shared = snapshot.profileEndpoints ?? [];
  if (shared.length === 0) return undefined;
  const wanted = endpointServiceName(snapshot.region, requirement.service);
  const known = shared.map(p => ({
    p,
    endpoint: snapshot.hub?.endpoints.find(e => e.id === p.endpointId),
  }));
  const serving = known.find(k => k.endpoint?.serviceName === wanted);
  const asZone = (p: (typeof shared)[number]): NamedZone => ({
    id: p.endpointId,
    name: query,
    ownerAccountId: p.ownerAccountId,
    via: 'profile',
    profileId: p.profileId,
    sharedEndpointId: p.endpointId,
  });
  if (serving?.endpoint) {
    return {
      kind: 'served',
      zone: asZone(serving.p),
      name: query,
      records: [],
      targets: {
        cidrs: [...new Set(serving.endpoint.subnets.map(s => s.cidrBlock))],
        endpoints: [serving.endpoint],
        unresolvedEndpointIds: [],
      },
    };
  }
  const opaque = known.find(k => !k.endpoint);
  if (!opaque) return undefined;
  const hubFailure = snapshot.hub?.failures[0];
  return {
    kind: 'records-unknown',
    zone: asZone(opaque.p),
    name: query,
    reason: hubFailure
      ? `the read of the hub endpoints failed: ${hubFailure.reason}`
      : `Route 53 Profile ${opaque.p.profileId} shares interface endpoint ${
          opaque.p.endpointId
        }${
          opaque.p.ownerAccountId
            ? ` of account ${opaque.p.ownerAccountId}`
            : ''
        }; which service it serves only that account can read`,
  };
}

/**
 * A zone's name: as listed, or for a zone a Route 53 Profile brings (which the Profile names
 * by id only), its apex (SOA) in the records this account or the hub role read.
 */
export function zoneNameOf(
  snapshot: VpcSnapshot,
  zone: HostedZone,
): string | undefined {
  return (
    zone.name ?? recordsOf(snapshot, zone)?.find(r => r.type === 'SOA')?.name
  );
}

/** How a zone is named where its name may be unknown: its name and id, or its id and Profile. */
export function describeZone(zone: HostedZone): string {
  if (zone.sharedEndpointId)
    return `the private DNS of endpoint ${zone.sharedEndpointId}${
      zone.ownerAccountId ? ` (account ${zone.ownerAccountId})` : ''
    }, shared through Route 53 Profile ${zone.profileId ?? ''}`.trimEnd();
  const via =
    zone.via === 'profile'
      ? `, through Route 53 Profile ${zone.profileId ?? ''}`.trimEnd()
      : '';
  return zone.name
    ? `${zone.name} (${zone.id}${via})`
    : `hosted zone ${zone.id} (of Route 53 Profile ${
        zone.profileId ?? 'unknown'
      }, its name unreadable here)`;
}

/**
 * How the VPC's private hosted zones serve one needed interface service; undefined when no
 * zone concerns it (an own endpoint, or missing-endpoint, then decide). A zone a Profile
 * brings whose name no one here could read might answer any service name: when no named zone
 * does, the service's answer is unknown, never "missing". Where a VPC's own association and
 * its Profile hold zones of the same name, the VPC's own wins (Route 53 Developer Guide,
 * "Route 53 Profiles": conflicting settings resolve to the VPC's local ones), and a zone both
 * associated and in the Profile is listed once, as associated (vpcSnapshot.ts).
 */
export function hubUseFor(
  snapshot: VpcSnapshot,
  requirement: EndpointRequirement,
  registryAccountId?: string,
): HubUse | undefined {
  if (requirement.type !== 'Interface' || !snapshot.privateZones)
    return undefined;
  const { region } = snapshot;
  const named: NamedZone[] = [];
  const unnamed: HostedZone[] = [];
  for (const z of snapshot.privateZones) {
    const name = zoneNameOf(snapshot, z);
    if (name === undefined) unnamed.push(z);
    else if (isServiceZone(name, region)) named.push({ ...z, name });
  }
  const { query, wanted } = serviceDnsName(
    requirement.service,
    region,
    registryAccountId,
  );
  const viaRank = (z: HostedZone) => (z.via === 'vpc-association' ? 0 : 1);
  const zone = named
    .filter(z => within(query, z.name))
    .sort(
      (a, b) => b.name.length - a.name.length || viaRank(a) - viaRank(b),
    )[0];
  if (zone) {
    const records = recordsOf(snapshot, zone);
    if (!records) {
      const hubFailure = snapshot.hub?.failures.find(f =>
        f.reason.includes(zone.id),
      );
      return {
        kind: 'records-unknown',
        zone,
        name: query,
        reason:
          hubFailure?.reason ??
          zone.recordsFailure ??
          `the records of ${zone.name} were not read`,
      };
    }
    const answering = answeringRecords(records, query);
    if (answering.length === 0)
      return { kind: 'no-record', zone, name: query, wanted };
    return {
      kind: 'served',
      zone,
      name: query,
      records: answering,
      targets: targetsOf(snapshot, answering),
    };
  }
  const misnamed = named.find(z =>
    misnamedZoneNames(requirement.service, region).includes(z.name),
  );
  if (misnamed)
    return { kind: 'misnamed', zone: misnamed, name: query, wanted };
  const shared = sharedEndpointUse(snapshot, requirement, query);
  if (shared) return shared;
  const opaque = unnamed[0];
  if (opaque) {
    const hubFailure = snapshot.hub?.failures.find(f =>
      f.reason.includes(opaque.id),
    );
    return {
      kind: 'records-unknown',
      zone: opaque,
      name: query,
      reason:
        hubFailure?.reason ??
        opaque.recordsFailure ??
        `the records of ${describeZone(opaque)} were not read`,
    };
  }
  return undefined;
}
