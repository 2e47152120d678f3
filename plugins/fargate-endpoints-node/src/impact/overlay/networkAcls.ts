/**
 * `aws_network_acl` (inline `ingress` / `egress`, `subnet_ids`), `aws_network_acl_rule` and
 * `aws_network_acl_association` (Terraform AWS provider docs). A subnet that leaves an ACL
 * goes back to the VPC's default ACL, as AWS does.
 */
import type { NetworkAcl, NetworkAclEntry, VpcSnapshot } from '../../model';
import { containsUnknown, UNKNOWN } from '../planValues';
import {
  beforeString,
  beforeStrings,
  type ChangeHandler,
  type OverlayState,
} from './overlayState';

const PROTOCOL_NUMBERS: Record<string, string> = {
  all: '-1',
  tcp: '6',
  udp: '17',
  icmp: '1',
};

/** The provider's protocol (`tcp`, `6`, `-1`, `all`) as the model's protocol number. */
function protocolNumber(value: unknown): string {
  const text = String(value ?? '-1').toLowerCase();
  return PROTOCOL_NUMBERS[text] ?? text;
}

function entryOf(
  object: Record<string, unknown>,
  egress: boolean,
  names: { number: string; action: string },
): NetworkAclEntry {
  const protocol = protocolNumber(object.protocol);
  const text = (v: unknown) =>
    typeof v === 'string' && v !== '' ? v : undefined;
  const from = object.from_port;
  const to = object.to_port;
  return {
    ruleNumber: Number(object[names.number]),
    protocol,
    action:
      String(object[names.action]).toLowerCase() === 'deny' ? 'deny' : 'allow',
    egress,
    cidrBlock: text(object.cidr_block),
    ipv6CidrBlock: text(object.ipv6_cidr_block),
    portRange:
      (protocol === '6' || protocol === '17') &&
      typeof from === 'number' &&
      typeof to === 'number'
        ? { from, to }
        : undefined,
  };
}

function aclOf(state: OverlayState, id: string | undefined) {
  for (const snapshot of state.snapshots.values()) {
    const acl = snapshot.networkAcls.find(a => a.id === id);
    if (acl) return { snapshot, acl };
  }
  return undefined;
}

/** Moves subnets to an ACL (off every other); `undefined` sends them to the default ACL. */
function associate(
  snapshot: VpcSnapshot,
  subnetIds: string[],
  aclId: string | undefined,
): void {
  const target =
    snapshot.networkAcls.find(a => a.id === aclId) ??
    snapshot.networkAcls.find(a => a.isDefault);
  for (const acl of snapshot.networkAcls)
    acl.subnetIds = acl.subnetIds.filter(s => !subnetIds.includes(s));
  target?.subnetIds.push(...subnetIds);
}

/** `aws_network_acl`. */
export const networkAclChange: ChangeHandler = (state, change) => {
  const oldId = beforeString(change, 'id');
  if (change.action === 'delete' || change.action === 'replace') {
    const found = aclOf(state, oldId);
    if (found) {
      state.touch(found.snapshot.vpcId, change);
      const freed = found.acl.subnetIds;
      found.snapshot.networkAcls = found.snapshot.networkAcls.filter(
        a => a.id !== oldId,
      );
      associate(found.snapshot, freed, undefined);
    }
    if (change.action === 'delete') return;
  }
  const snapshot = state.vpc(state.values.afterString(change, 'vpc_id'));
  if (!snapshot) return;
  state.touch(snapshot.vpcId, change);
  const id = change.action === 'update' ? oldId! : state.values.idOf(change)!;
  const names = { number: 'rule_no', action: 'action' };
  const entries = (direction: 'ingress' | 'egress') => {
    const value = state.values.afterOr(change, direction, []);
    const marker = change.afterUnknown[direction];
    // Whole-unknown and unconfigured is the fallback; a block with an unknown inside is unknown.
    if (
      value === UNKNOWN ||
      (Array.isArray(marker) && containsUnknown(marker))
    ) {
      state.unknown(change, direction, 'networkAcls', {
        vpcId: snapshot.vpcId,
      });
      return undefined;
    }
    return (Array.isArray(value) ? value : [])
      .filter(
        (r): r is Record<string, unknown> =>
          typeof r === 'object' && r !== null,
      )
      .map(r => entryOf(r, direction === 'egress', names));
  };
  const ingress = entries('ingress');
  const egress = entries('egress');
  let acl: NetworkAcl | undefined = snapshot.networkAcls.find(a => a.id === id);
  if (!acl) {
    acl = { id, isDefault: false, subnetIds: [], entries: [] };
    snapshot.networkAcls.push(acl);
  }
  const current = acl.entries;
  acl.entries = [
    ...(ingress ?? current.filter(e => !e.egress)),
    ...(egress ?? current.filter(e => e.egress)),
  ];
  const subnets = state.values.afterOr(change, 'subnet_ids', []);
  if (subnets === UNKNOWN) {
    state.unknown(change, 'subnet_ids', 'networkAcls', {
      vpcId: snapshot.vpcId,
    });
    return;
  }
  const wanted = Array.isArray(subnets)
    ? subnets.filter((s): s is string => typeof s === 'string')
    : [];
  const left = beforeStrings(change, 'subnet_ids').filter(
    s => !wanted.includes(s),
  );
  associate(snapshot, left, undefined);
  associate(snapshot, wanted, id);
};

/** `aws_network_acl_rule`. */
export const networkAclRuleChange: ChangeHandler = (state, change) => {
  const names = { number: 'rule_number', action: 'rule_action' };
  if (change.action !== 'create' && change.before) {
    const found = aclOf(state, beforeString(change, 'network_acl_id'));
    if (found) {
      const old = entryOf(change.before, change.before.egress === true, names);
      found.acl.entries = found.acl.entries.filter(
        e => !(e.ruleNumber === old.ruleNumber && e.egress === old.egress),
      );
      state.touch(found.snapshot.vpcId, change);
    }
    if (change.action === 'delete') return;
  }
  const aclId = state.values.afterString(change, 'network_acl_id');
  if (aclId === UNKNOWN) {
    state.unknown(change, 'network_acl_id', 'networkAcls');
    return;
  }
  const found = aclOf(state, aclId);
  if (!found || !change.after) return;
  state.touch(found.snapshot.vpcId, change);
  const entry = entryOf(change.after, change.after.egress === true, names);
  found.acl.entries = [
    ...found.acl.entries.filter(
      e => !(e.ruleNumber === entry.ruleNumber && e.egress === entry.egress),
    ),
    entry,
  ];
};

/** `aws_network_acl_association`: one subnet's ACL. */
export const networkAclAssociationChange: ChangeHandler = (state, change) => {
  if (change.action !== 'create') {
    const subnetId = beforeString(change, 'subnet_id');
    const snapshot = state.vpcOf(subnetId);
    if (snapshot && subnetId) {
      associate(snapshot, [subnetId], undefined);
      state.touch(snapshot.vpcId, change);
    }
    if (change.action === 'delete') return;
  }
  const subnetId = state.values.afterString(change, 'subnet_id');
  const aclId = state.values.afterString(change, 'network_acl_id');
  if (subnetId === UNKNOWN) {
    state.unknown(change, 'subnet_id', 'networkAcls');
    return;
  }
  const snapshot = state.vpcOf(subnetId);
  if (!snapshot || !subnetId) return;
  state.touch(snapshot.vpcId, change);
  if (aclId === UNKNOWN) {
    state.unknown(change, 'network_acl_id', 'networkAcls', {
      vpcId: snapshot.vpcId,
      subnetIds: [subnetId],
    });
    return;
  }
  associate(snapshot, [subnetId], aclId);
};
