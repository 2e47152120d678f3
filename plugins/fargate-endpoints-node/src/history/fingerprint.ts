/**
 * The compact summary of a VPC that history keeps with every entry: enough to say what changed
 * between two reads (an endpoint deleted, a route table association moved, a security group that
 * no longer admits HTTPS), small enough to keep for every service and every change.
 */
import {
  endpointServiceSuffix,
  VpcFingerprint,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { SecurityGroupRule, VpcSnapshot } from '../model';
import { isDefaultPolicy } from '../network/policy';
import {
  portRangeContains,
  protocolMatches,
  rulePortRange,
  TCP,
} from '../network/protocol';

const HTTPS = { from: 443, to: 443 };

/** The peers (sg-, CIDR, IPv6 CIDR, pl-) a rule list admits on TCP 443, sorted. */
function httpsPeers(rules: SecurityGroupRule[]): string[] {
  const peers = new Set<string>();
  for (const rule of rules) {
    if (!protocolMatches(rule.protocol, TCP)) continue;
    const range = rulePortRange(rule.protocol, rule.fromPort, rule.toPort);
    if (!portRangeContains(range, HTTPS)) continue;
    for (const peer of [
      ...rule.groupIds,
      ...rule.cidrBlocks,
      ...rule.ipv6CidrBlocks,
      ...rule.prefixListIds,
    ])
      peers.add(peer);
  }
  return [...peers].sort();
}

const sorted = (values: readonly string[]) => [...values].sort();

/**
 * The fingerprint of a VPC as one service sees it: every endpoint and route table of the VPC,
 * and the security groups of the service's tasks and of the endpoints.
 *
 * @public
 */
export function vpcFingerprint(
  snapshot: VpcSnapshot,
  service: { securityGroupIds: readonly string[] },
): VpcFingerprint {
  const groupIds = new Set<string>(service.securityGroupIds);
  for (const endpoint of snapshot.endpoints)
    for (const id of endpoint.securityGroupIds) groupIds.add(id);
  return {
    vpcId: snapshot.vpcId,
    enableDnsSupport: snapshot.enableDnsSupport,
    enableDnsHostnames: snapshot.enableDnsHostnames,
    endpoints: snapshot.endpoints
      .map(e => ({
        id: e.id,
        service:
          endpointServiceSuffix(snapshot.region, e.serviceName) ??
          e.serviceName,
        type: e.type,
        state: e.state.toLowerCase(),
        privateDnsEnabled: e.privateDnsEnabled,
        subnetIds: sorted(e.subnetIds),
        securityGroupIds: sorted(e.securityGroupIds),
        routeTableIds: sorted(e.routeTableIds),
        customPolicy: !isDefaultPolicy(e.policyDocument),
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    routeTables: snapshot.routeTables
      .map(t => ({ id: t.id, main: t.main, subnetIds: sorted(t.subnetIds) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    securityGroups: snapshot.securityGroups
      .filter(g => groupIds.has(g.id))
      .map(g => ({
        id: g.id,
        ingress443: httpsPeers(g.ingress),
        egress443: httpsPeers(g.egress),
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    unreadParts: sorted([...new Set(snapshot.failures.map(f => f.part))]),
  };
}
