/**
 * Security group evaluation. Security groups are stateful and a union of their rules: traffic
 * passes when any rule of any group on the ENI admits it, and replies always pass.
 */
import type { SecurityGroup, SecurityGroupRule } from '../model';
import { cidrsCoverAll } from './cidr';
import {
  PortRange,
  portRangeContains,
  protocolMatches,
  rulePortRange,
} from './protocol';

/** The other side of a connection, as security group rules can name it. */
export interface SecurityGroupPeer {
  /** Security groups on the peer's network interfaces (matched by group reference). */
  groupIds: readonly string[];
  /** Every address the peer can use; a CIDR rule must cover all of them. */
  cidrs: readonly string[];
  /** Prefix lists that stand for the peer, such as the S3 prefix list. */
  prefixListIds?: readonly string[];
}

/**
 * The CIDRs of a prefix list a rule names (customer-managed lists resolved with
 * GetManagedPrefixListEntries); undefined when the list could not be read.
 */
export type PrefixListCidrs = (prefixListId: string) => string[] | undefined;

/** The traffic to admit: a protocol and every port of a range. */
export interface SecurityGroupTraffic {
  protocol: string;
  ports: PortRange;
}

/** How the groups admit the traffic, when they do. */
export type SecurityGroupAdmission =
  | {
      admitted: true;
      by: 'group-reference' | 'prefix-list' | 'cidr';
      groupId: string;
    }
  | {
      admitted: false;
      /**
       * Prefix lists that carrying rules name whose entries are unknown: one of them may
       * admit the peer, so a caller must report unknown, not a block, when this is not empty.
       */
      unresolvedPrefixListIds: string[];
    };

function ruleCarriesTraffic(
  rule: SecurityGroupRule,
  traffic: SecurityGroupTraffic,
): boolean {
  return (
    protocolMatches(rule.protocol, traffic.protocol) &&
    portRangeContains(
      rulePortRange(rule.protocol, rule.fromPort, rule.toPort),
      traffic.ports,
    )
  );
}

/**
 * Decides whether the groups admit the traffic to (egress) or from (ingress) the peer.
 * A peer is admitted by a rule that references one of its groups or prefix lists, or when the
 * CIDRs of the carrying rules together cover every peer CIDR; a rule naming another prefix
 * list contributes that list's entries. IPv6 rules are not considered.
 */
export function securityGroupsAdmit(
  groups: readonly SecurityGroup[],
  direction: 'ingress' | 'egress',
  traffic: SecurityGroupTraffic,
  peer: SecurityGroupPeer,
  prefixListCidrs: PrefixListCidrs = () => undefined,
): SecurityGroupAdmission {
  const coveringCidrs: string[] = [];
  const unresolved = new Set<string>();
  for (const group of groups) {
    for (const rule of group[direction]) {
      if (!ruleCarriesTraffic(rule, traffic)) continue;
      if (rule.groupIds.some(id => peer.groupIds.includes(id))) {
        return { admitted: true, by: 'group-reference', groupId: group.id };
      }
      if (rule.prefixListIds.some(id => peer.prefixListIds?.includes(id))) {
        return { admitted: true, by: 'prefix-list', groupId: group.id };
      }
      coveringCidrs.push(...rule.cidrBlocks);
      for (const id of rule.prefixListIds) {
        const cidrs = prefixListCidrs(id);
        if (cidrs) coveringCidrs.push(...cidrs);
        else unresolved.add(id);
      }
    }
  }
  if (peer.cidrs.length > 0 && cidrsCoverAll(coveringCidrs, peer.cidrs)) {
    const groupId =
      groups.find(g => g[direction].some(r => ruleCarriesTraffic(r, traffic)))
        ?.id ?? '';
    return { admitted: true, by: 'cidr', groupId };
  }
  return { admitted: false, unresolvedPrefixListIds: [...unresolved] };
}
