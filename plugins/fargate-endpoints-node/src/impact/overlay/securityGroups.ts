/**
 * `aws_security_group` (inline `ingress` / `egress`), `aws_security_group_rule` (the older
 * standalone style) and `aws_vpc_security_group_ingress_rule` / `_egress_rule` (the newer
 * one), as the Terraform AWS provider documents them. A group Terraform creates has no egress
 * rule unless configured: "Terraform will remove this default rule" (aws_security_group docs).
 */
import type { SecurityGroup, SecurityGroupRule } from '../../model';
import { containsUnknown, UNKNOWN } from '../planValues';
import {
  beforeString,
  type ChangeHandler,
  type OverlayState,
} from './overlayState';

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );

/** The provider's protocol as the model spells it (`all` and `-1` are every protocol). */
function protocolOf(value: unknown): string {
  const text = String(value ?? '-1').toLowerCase();
  return text === 'all' ? '-1' : text;
}

function port(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** An inline rule block of `aws_security_group`. */
function inlineRule(
  object: Record<string, unknown>,
  groupId: string,
): SecurityGroupRule {
  const protocol = protocolOf(object.protocol);
  return {
    protocol,
    fromPort: protocol === '-1' ? undefined : port(object.from_port),
    toPort: protocol === '-1' ? undefined : port(object.to_port),
    cidrBlocks: strings(object.cidr_blocks),
    ipv6CidrBlocks: strings(object.ipv6_cidr_blocks),
    prefixListIds: strings(object.prefix_list_ids),
    groupIds: [
      ...strings(object.security_groups),
      ...(object.self === true ? [groupId] : []),
    ],
  };
}

/** An `aws_security_group_rule`. */
function legacyRule(object: Record<string, unknown>, groupId: string) {
  return inlineRule(
    {
      ...object,
      security_groups: object.source_security_group_id,
    },
    groupId,
  );
}

/** An `aws_vpc_security_group_ingress_rule` / `_egress_rule`. */
function vpcRule(object: Record<string, unknown>): SecurityGroupRule {
  const protocol = protocolOf(object.ip_protocol);
  return {
    protocol,
    fromPort: protocol === '-1' ? undefined : port(object.from_port),
    toPort: protocol === '-1' ? undefined : port(object.to_port),
    cidrBlocks: strings(object.cidr_ipv4),
    ipv6CidrBlocks: strings(object.cidr_ipv6),
    prefixListIds: strings(object.prefix_list_id),
    groupIds: strings(object.referenced_security_group_id),
  };
}

function groupOf(state: OverlayState, id: string | undefined) {
  const snapshot = state.vpcOf(id);
  const group = snapshot?.securityGroups.find(g => g.id === id);
  return group && snapshot ? { snapshot, group } : undefined;
}

const PEERS = [
  'cidrBlocks',
  'ipv6CidrBlocks',
  'prefixListIds',
  'groupIds',
] as const;

/** Removes the rule's peers from the group's rule with the same protocol and ports. */
function removeRule(rules: SecurityGroupRule[], rule: SecurityGroupRule) {
  return rules.flatMap(r => {
    if (
      r.protocol !== rule.protocol ||
      r.fromPort !== rule.fromPort ||
      r.toPort !== rule.toPort
    )
      return [r];
    const left = { ...r };
    for (const peer of PEERS)
      left[peer] = r[peer].filter(p => !rule[peer].includes(p));
    return PEERS.some(peer => left[peer].length > 0) ? [left] : [];
  });
}

/** `aws_security_group`. */
export const securityGroupChange: ChangeHandler = (state, change) => {
  const oldId = beforeString(change, 'id');
  if (change.action === 'delete' || change.action === 'replace') {
    const found = groupOf(state, oldId);
    if (found) {
      state.touch(found.snapshot.vpcId, change);
      found.snapshot.securityGroups = found.snapshot.securityGroups.filter(
        g => g.id !== oldId,
      );
    }
    if (change.action === 'delete') return;
  }
  const snapshot = state.vpc(state.values.afterString(change, 'vpc_id'));
  if (!snapshot) return;
  state.touch(snapshot.vpcId, change);
  const id = change.action === 'update' ? oldId! : state.values.idOf(change)!;
  const rules = (direction: 'ingress' | 'egress') => {
    const value = state.values.afterOr(change, direction, []);
    const marker = change.afterUnknown[direction];
    // Whole-unknown and unconfigured is the fallback; a block with an unknown inside is unknown.
    if (
      value === UNKNOWN ||
      (Array.isArray(marker) && containsUnknown(marker))
    ) {
      state.unknown(change, direction, 'securityGroups', {
        vpcId: snapshot.vpcId,
      });
      return undefined;
    }
    return (Array.isArray(value) ? value : [])
      .filter(
        (r): r is Record<string, unknown> =>
          typeof r === 'object' && r !== null,
      )
      .map(r => inlineRule(r, id));
  };
  const ingress = rules('ingress');
  const egress = rules('egress');
  const name = state.values.afterString(change, 'name');
  const group: SecurityGroup = {
    id,
    name: name === UNKNOWN ? undefined : name,
    ingress: ingress ?? [],
    egress: egress ?? [],
  };
  const index = snapshot.securityGroups.findIndex(g => g.id === id);
  if (index >= 0) {
    const live = snapshot.securityGroups[index];
    snapshot.securityGroups[index] = {
      ...group,
      ingress: ingress ?? live.ingress,
      egress: egress ?? live.egress,
    };
  } else snapshot.securityGroups.push(group);
};

/** A standalone rule resource of either style. */
function standaloneRuleChange(
  style: 'legacy' | 'ingress' | 'egress',
): ChangeHandler {
  const directionOf = (object: Record<string, unknown>) => {
    if (style !== 'legacy') return style;
    return object.type === 'egress' ? 'egress' : 'ingress';
  };
  const ruleOf = (object: Record<string, unknown>, groupId: string) =>
    style === 'legacy' ? legacyRule(object, groupId) : vpcRule(object);
  return (state, change) => {
    if (change.action !== 'create' && change.before) {
      const found = groupOf(state, beforeString(change, 'security_group_id'));
      if (found) {
        const direction = directionOf(change.before);
        found.group[direction] = removeRule(
          found.group[direction],
          ruleOf(change.before, found.group.id),
        );
        state.touch(found.snapshot.vpcId, change);
      }
      if (change.action === 'delete') return;
    }
    const groupId = state.values.afterString(change, 'security_group_id');
    if (groupId === UNKNOWN) {
      state.unknown(change, 'security_group_id', 'securityGroups');
      return;
    }
    const found = groupOf(state, groupId);
    if (!found) return;
    state.touch(found.snapshot.vpcId, change);
    const after: Record<string, unknown> = { ...(change.after ?? {}) };
    for (const [name, marker] of Object.entries(change.afterUnknown)) {
      if (
        !containsUnknown(marker) ||
        name === 'id' ||
        name.endsWith('_rule_id') ||
        name === 'arn' ||
        name === 'tags_all'
      )
        continue;
      // An attribute the configuration leaves out is one AWS leaves unset.
      const value = state.values.afterOr(change, name, null);
      if (value === UNKNOWN) {
        state.unknown(change, name, 'securityGroups', {
          vpcId: found.snapshot.vpcId,
        });
        return;
      }
      after[name] = value;
    }
    const direction = directionOf(after);
    found.group[direction] = [
      ...found.group[direction],
      ruleOf(after, found.group.id),
    ];
  };
}

/** `aws_security_group_rule`. */
export const securityGroupRuleChange = standaloneRuleChange('legacy');
/** `aws_vpc_security_group_ingress_rule`. */
export const ingressRuleChange = standaloneRuleChange('ingress');
/** `aws_vpc_security_group_egress_rule`. */
export const egressRuleChange = standaloneRuleChange('egress');
