/**
 * What a VPC resolves names with: `aws_vpc` (`enable_dns_support` defaults to true,
 * `enable_dns_hostnames` to false), `aws_vpc_dhcp_options_association` (deleting it gives the
 * VPC the `default` options, AmazonProvidedDNS), `aws_route53_zone` (`vpc` blocks make it a
 * private zone of those VPCs) and `aws_route53_zone_association` (Terraform AWS provider docs).
 */
import type { HostedZone, ZoneRecord } from '../../model';
import type { PlannedChange } from '../planDocument';
import { UNKNOWN } from '../planValues';
import {
  beforeString,
  type ChangeHandler,
  type OverlayState,
} from './overlayState';

const AMAZON_PROVIDED_DNS = 'AmazonProvidedDNS';

/** `aws_vpc`: its DNS attributes; deleting or replacing a VPC takes its subnets with it. */
export const vpcChange: ChangeHandler = (state, change) => {
  const id = beforeString(change, 'id');
  const snapshot = state.vpc(id);
  if (!snapshot) return;
  state.touch(snapshot.vpcId, change);
  if (change.action === 'delete' || change.action === 'replace') {
    for (const part of ['subnets', 'routeTables'] as const)
      state.unknowns.push({
        address: change.address,
        attribute: 'id',
        part,
        vpcId: snapshot.vpcId,
        reason: `${change.address}: the plan ${
          change.action === 'delete' ? 'deletes' : 'replaces'
        } ${snapshot.vpcId}, and the services' subnets go with it`,
      });
    return;
  }
  const support = state.values.afterBoolean(change, 'enable_dns_support', true);
  const hostnames = state.values.afterBoolean(
    change,
    'enable_dns_hostnames',
    false,
  );
  if (support === UNKNOWN)
    state.unknown(change, 'enable_dns_support', 'dnsSupport', {
      vpcId: snapshot.vpcId,
    });
  else snapshot.enableDnsSupport = support ?? true;
  if (hostnames === UNKNOWN)
    state.unknown(change, 'enable_dns_hostnames', 'dnsHostnames', {
      vpcId: snapshot.vpcId,
    });
  else snapshot.enableDnsHostnames = hostnames ?? false;
};

/** The DNS servers of a DHCP options set: `default`, or one the plan holds. */
function dnsServersOf(
  state: OverlayState,
  optionsId: string,
): string[] | undefined {
  if (optionsId === 'default') return [AMAZON_PROVIDED_DNS];
  const options = state.values.changeWithId('aws_vpc_dhcp_options', optionsId);
  if (!options) return undefined;
  const servers = state.values.afterStrings(options, 'domain_name_servers', []);
  return servers === UNKNOWN ? undefined : servers;
}

/** `aws_vpc_dhcp_options_association`. */
export const dhcpOptionsAssociationChange: ChangeHandler = (state, change) => {
  if (change.action === 'delete') {
    const snapshot = state.vpc(beforeString(change, 'vpc_id'));
    if (!snapshot) return;
    state.touch(snapshot.vpcId, change);
    snapshot.domainNameServers = [AMAZON_PROVIDED_DNS];
    return;
  }
  const snapshot = state.vpc(state.values.afterString(change, 'vpc_id'));
  if (!snapshot) return;
  state.touch(snapshot.vpcId, change);
  const optionsId = state.values.afterString(change, 'dhcp_options_id');
  const servers =
    optionsId === UNKNOWN || !optionsId
      ? undefined
      : dnsServersOf(state, optionsId);
  if (servers) {
    snapshot.domainNameServers = servers;
    return;
  }
  // A set outside the plan: its servers are AWS's to tell, and the snapshot read the VPC's own.
  if (
    optionsId !== UNKNOWN &&
    optionsId === beforeString(change, 'dhcp_options_id')
  )
    return;
  state.unknown(change, 'dhcp_options_id', 'dhcpOptions', {
    vpcId: snapshot.vpcId,
  });
};

/** The records the plan gives a zone (`aws_route53_record` with its `zone_id`). */
function plannedRecords(state: OverlayState, zoneId: string): ZoneRecord[] {
  return state.values
    .changesOfType('aws_route53_record')
    .filter(
      r =>
        r.action !== 'delete' &&
        state.values.afterString(r, 'zone_id') === zoneId,
    )
    .flatMap(r => {
      const name = state.values.afterString(r, 'name');
      const type = state.values.afterString(r, 'type');
      const values = state.values.afterStrings(r, 'records', []);
      const alias = r.after?.alias;
      const aliasName =
        Array.isArray(alias) && typeof alias[0]?.name === 'string'
          ? (alias[0].name as string)
          : undefined;
      if (name === UNKNOWN || type === UNKNOWN || !name || !type) return [];
      return [
        {
          name: name.toLowerCase().replace(/\.$/, ''),
          type,
          values: values === UNKNOWN ? [] : values,
          aliasTarget: aliasName?.toLowerCase().replace(/\.$/, ''),
        },
      ];
    });
}

function zoneVpcIds(value: unknown): string[] {
  return Array.isArray(value)
    ? value.flatMap(v =>
        typeof v === 'object' && v !== null && typeof v.vpc_id === 'string'
          ? [v.vpc_id as string]
          : [],
      )
    : [];
}

function dissociateZone(
  state: OverlayState,
  zoneId: string,
  vpcIds?: string[],
) {
  for (const snapshot of state.snapshots.values()) {
    if (vpcIds && !vpcIds.includes(snapshot.vpcId)) continue;
    if (!snapshot.privateZones?.some(z => z.id === zoneId)) continue;
    snapshot.privateZones = snapshot.privateZones.filter(z => z.id !== zoneId);
    snapshot.privateZones = snapshot.privateZones.length
      ? snapshot.privateZones
      : [];
  }
}

function associateZone(
  state: OverlayState,
  change: PlannedChange,
  vpcId: string,
  zone: HostedZone,
) {
  const snapshot = state.vpc(vpcId);
  if (!snapshot) return;
  state.touch(vpcId, change);
  const zones = (snapshot.privateZones ?? []).filter(z => z.id !== zone.id);
  snapshot.privateZones = [...zones, zone];
}

/** The zone as the plan leaves it: its name and records from the plan. */
function plannedZone(
  state: OverlayState,
  zoneChange: PlannedChange | undefined,
  zoneId: string,
): HostedZone {
  const name = zoneChange
    ? state.values.afterString(zoneChange, 'name')
    : undefined;
  const live = [...state.snapshots.values()]
    .flatMap(s => s.privateZones ?? [])
    .find(z => z.id === zoneId);
  if (live) return { ...live };
  return {
    id: zoneId,
    name:
      name === UNKNOWN || !name
        ? undefined
        : name.toLowerCase().replace(/\.$/, ''),
    via: 'vpc-association',
    records: plannedRecords(state, zoneId),
  };
}

/** `aws_route53_zone`: a private zone's `vpc` blocks. */
export const route53ZoneChange: ChangeHandler = (state, change) => {
  const oldId = beforeString(change, 'zone_id') ?? beforeString(change, 'id');
  const oldVpcs = zoneVpcIds(change.before?.vpc);
  if (change.action === 'delete' || change.action === 'replace') {
    if (oldId) dissociateZone(state, oldId);
    oldVpcs.forEach(v => state.touch(state.vpc(v)?.vpcId, change));
    if (change.action === 'delete') return;
  }
  const vpcs = state.values.after(change, 'vpc');
  if (vpcs === UNKNOWN) {
    state.unknown(change, 'vpc', 'privateZones');
    return;
  }
  const newVpcs = zoneVpcIds(vpcs);
  const zoneId =
    change.action === 'update' && oldId ? oldId : state.values.idOf(change)!;
  if (change.action === 'update' && oldId) {
    const dropped = oldVpcs.filter(v => !newVpcs.includes(v));
    dissociateZone(state, oldId, dropped);
    dropped.forEach(v => state.touch(state.vpc(v)?.vpcId, change));
  }
  for (const vpcId of newVpcs)
    associateZone(state, change, vpcId, plannedZone(state, change, zoneId));
};

/** `aws_route53_zone_association`: one more VPC for a private zone. */
export const route53ZoneAssociationChange: ChangeHandler = (state, change) => {
  if (change.action !== 'create') {
    const zoneId = beforeString(change, 'zone_id');
    const vpcId = beforeString(change, 'vpc_id');
    if (zoneId && vpcId) {
      dissociateZone(state, zoneId, [vpcId]);
      state.touch(state.vpc(vpcId)?.vpcId, change);
    }
    if (change.action === 'delete') return;
  }
  const zoneId = state.values.afterString(change, 'zone_id');
  const vpcId = state.values.afterString(change, 'vpc_id');
  if (vpcId === UNKNOWN || !vpcId) return;
  if (zoneId === UNKNOWN || !zoneId) {
    state.unknown(change, 'zone_id', 'privateZones', { vpcId });
    return;
  }
  const zoneChange = state.values.changeWithId('aws_route53_zone', zoneId);
  associateZone(state, change, vpcId, plannedZone(state, zoneChange, zoneId));
};
