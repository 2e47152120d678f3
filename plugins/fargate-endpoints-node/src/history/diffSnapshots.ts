/**
 * What changed in a VPC between two fingerprints, in words an owner acts on: "endpoint
 * vpce-0abc for ecr.api deleted", "rtb-0def no longer associated with the S3 gateway
 * vpce-0123", "sg-0aaa lost its 443 ingress from sg-0bbb". And which of those changes explain
 * a change of verdict.
 */
import type {
  HistoryFinding,
  SnapshotChange,
  VpcFingerprint,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

type Endpoint = VpcFingerprint['endpoints'][number];

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map(item => [item.id, item]));
}

const minus = (a: readonly string[], b: readonly string[]) =>
  a.filter(x => !b.includes(x));

const list = (ids: readonly string[]) => ids.join(', ');

function endpointName(e: Endpoint): string {
  return `endpoint ${e.id} for ${e.service}`;
}

function endpointChanges(before: Endpoint, after: Endpoint): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  const base = { resourceId: after.id, service: after.service };
  const name = endpointName(after);
  if (before.state !== after.state) {
    changes.push({
      ...base,
      kind: 'endpoint-state',
      message: `${name} is ${after.state} (was ${before.state})`,
      removal: after.state !== 'available',
    });
  }
  if (before.privateDnsEnabled !== after.privateDnsEnabled) {
    changes.push({
      ...base,
      kind: 'endpoint-private-dns',
      message: `${name}: private DNS ${
        after.privateDnsEnabled ? 'enabled' : 'disabled'
      }`,
      removal: !after.privateDnsEnabled,
    });
  }
  const lostSubnets = minus(before.subnetIds, after.subnetIds);
  const newSubnets = minus(after.subnetIds, before.subnetIds);
  if (lostSubnets.length) {
    changes.push({
      ...base,
      kind: 'endpoint-subnets',
      message: `${name} no longer in ${list(lostSubnets)}`,
      removal: true,
    });
  }
  if (newSubnets.length) {
    changes.push({
      ...base,
      kind: 'endpoint-subnets',
      message: `${name} added to ${list(newSubnets)}`,
      removal: false,
    });
  }
  const lostGroups = minus(before.securityGroupIds, after.securityGroupIds);
  const newGroups = minus(after.securityGroupIds, before.securityGroupIds);
  if (lostGroups.length || newGroups.length) {
    const parts = [
      ...(lostGroups.length ? [`lost ${list(lostGroups)}`] : []),
      ...(newGroups.length ? [`gained ${list(newGroups)}`] : []),
    ];
    changes.push({
      ...base,
      kind: 'endpoint-security-groups',
      message: `${name}: security groups ${parts.join(', ')}`,
      removal: lostGroups.length > 0,
    });
  }
  for (const table of minus(before.routeTableIds, after.routeTableIds)) {
    changes.push({
      kind: 'gateway-route-table',
      resourceId: table,
      service: after.service,
      message: `${table} no longer associated with the ${gatewayName(after)} ${
        after.id
      }`,
      removal: true,
    });
  }
  for (const table of minus(after.routeTableIds, before.routeTableIds)) {
    changes.push({
      kind: 'gateway-route-table',
      resourceId: table,
      service: after.service,
      message: `${table} now associated with the ${gatewayName(after)} ${
        after.id
      }`,
      removal: false,
    });
  }
  if (before.customPolicy !== after.customPolicy) {
    changes.push({
      ...base,
      kind: 'endpoint-policy',
      message: after.customPolicy
        ? `${name}: a custom policy replaced the full-access default`
        : `${name}: policy back to the full-access default`,
      removal: after.customPolicy,
    });
  }
  return changes;
}

function gatewayName(e: Endpoint): string {
  const service = e.service === 's3' ? 'S3' : e.service;
  return e.type.toLowerCase() === 'gateway'
    ? `${service} gateway`
    : `${service} endpoint`;
}

/** For every subnet, the route table it is explicitly associated with (the main one otherwise). */
function associations(fp: VpcFingerprint): Map<string, string> {
  const map = new Map<string, string>();
  for (const table of fp.routeTables)
    for (const subnet of table.subnetIds) map.set(subnet, table.id);
  return map;
}

function routeTableChanges(
  before: VpcFingerprint,
  after: VpcFingerprint,
): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  const was = associations(before);
  const now = associations(after);
  const mainAfter = after.routeTables.find(t => t.main)?.id;
  const mainBefore = before.routeTables.find(t => t.main)?.id;
  for (const subnet of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const from = was.get(subnet) ?? mainBefore;
    const to = now.get(subnet) ?? mainAfter;
    if (from === to) continue;
    changes.push({
      kind: 'route-table-association',
      resourceId: subnet,
      message: `${subnet} moved from ${from ?? 'no route table'}${
        was.has(subnet) ? '' : ' (main)'
      } to ${to ?? 'no route table'}${now.has(subnet) ? '' : ' (main)'}`,
      // A move is a likely cause either way: the new table may lack routes the old one had.
      removal: true,
    });
  }
  return changes;
}

function securityGroupChanges(
  before: VpcFingerprint,
  after: VpcFingerprint,
): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  const now = byId(after.securityGroups);
  for (const group of before.securityGroups) {
    const next = now.get(group.id);
    if (!next) {
      if (!after.unreadParts.includes('securityGroups'))
        changes.push({
          kind: 'security-group-deleted',
          resourceId: group.id,
          message: `${group.id} deleted`,
          removal: true,
        });
      continue;
    }
    for (const [direction, key, word] of [
      ['ingress', 'ingress443', 'from'],
      ['egress', 'egress443', 'to'],
    ] as const) {
      const lost = minus(group[key], next[key]);
      const gained = minus(next[key], group[key]);
      if (lost.length)
        changes.push({
          kind: `security-group-${direction}`,
          resourceId: group.id,
          message: `${group.id} lost its 443 ${direction} ${word} ${list(
            lost,
          )}`,
          removal: true,
        });
      if (gained.length)
        changes.push({
          kind: `security-group-${direction}`,
          resourceId: group.id,
          message: `${group.id} now admits 443 ${direction} ${word} ${list(
            gained,
          )}`,
          removal: false,
        });
    }
  }
  return changes;
}

function dnsChanges(
  before: VpcFingerprint,
  after: VpcFingerprint,
): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  for (const [key, label] of [
    ['enableDnsSupport', 'DNS resolution'],
    ['enableDnsHostnames', 'DNS hostnames'],
  ] as const) {
    const was = before[key];
    const now = after[key];
    // An attribute that could not be read did not change.
    if (was === undefined || now === undefined || was === now) continue;
    changes.push({
      kind: 'vpc-dns',
      resourceId: after.vpcId,
      message: `${after.vpcId}: ${label} ${now ? 'enabled' : 'disabled'}`,
      removal: !now,
    });
  }
  return changes;
}

/**
 * Every change from `before` to `after`, removals first. Parts that either read could not see
 * are not compared: a failed read is not a deleted endpoint.
 */
export function diffSnapshots(
  before: VpcFingerprint,
  after: VpcFingerprint,
): SnapshotChange[] {
  if (before.vpcId !== after.vpcId) {
    return [
      {
        kind: 'route-table-association',
        resourceId: after.vpcId,
        message: `the service moved from ${before.vpcId} to ${after.vpcId}`,
        removal: true,
      },
    ];
  }
  const unread = new Set([...before.unreadParts, ...after.unreadParts]);
  const changes: SnapshotChange[] = [];
  if (!unread.has('endpoints')) {
    const now = byId(after.endpoints);
    const was = byId(before.endpoints);
    for (const endpoint of before.endpoints) {
      const next = now.get(endpoint.id);
      if (!next) {
        changes.push({
          kind: 'endpoint-deleted',
          resourceId: endpoint.id,
          service: endpoint.service,
          message: `${endpointName(endpoint)} deleted`,
          removal: true,
        });
      } else {
        changes.push(...endpointChanges(endpoint, next));
      }
    }
    for (const endpoint of after.endpoints) {
      if (!was.has(endpoint.id))
        changes.push({
          kind: 'endpoint-created',
          resourceId: endpoint.id,
          service: endpoint.service,
          message: `${endpointName(endpoint)} created`,
          removal: false,
        });
    }
  }
  if (!unread.has('routeTables'))
    changes.push(...routeTableChanges(before, after));
  if (!unread.has('securityGroups'))
    changes.push(...securityGroupChanges(before, after));
  if (!unread.has('dnsSupport') && !unread.has('dnsHostnames'))
    changes.push(...dnsChanges(before, after));
  return [
    ...changes.filter(c => c.removal),
    ...changes.filter(c => !c.removal),
  ];
}

/** The findings of `after` that `before` did not have (same rule, service and resource). */
export function newFindings<T extends HistoryFinding>(
  before: readonly HistoryFinding[],
  after: readonly T[],
): T[] {
  const key = (f: HistoryFinding) =>
    `${f.rule}|${f.service ?? ''}|${f.resourceId ?? ''}`;
  const known = new Set(before.map(key));
  return after.filter(f => !known.has(key(f)));
}

/**
 * The changes that explain a finding, likeliest first: those about the same resource, then
 * those about the same endpoint service, then (for a finding about neither) every removal.
 * When a service goes from ready to not ready, the first change that explains its first new
 * error is the cause to name.
 */
export function changesExplaining(
  finding: Pick<HistoryFinding, 'service' | 'resourceId'>,
  changes: readonly SnapshotChange[],
): SnapshotChange[] {
  const sameResource = changes.filter(
    c =>
      finding.resourceId !== undefined && c.resourceId === finding.resourceId,
  );
  const sameService = changes.filter(
    c =>
      !sameResource.includes(c) &&
      finding.service !== undefined &&
      c.service === finding.service,
  );
  const explained = [...sameResource, ...sameService];
  if (explained.length) return explained;
  return changes.filter(c => c.removal);
}

/**
 * The cause of a change of verdict: the change that best explains the first finding `after`
 * has and `before` had not. Undefined when the VPC did not change in a way that explains it
 * (the task definition changed, or a read failed).
 *
 * @public
 */
export function explainVerdictChange(
  before: { findings: readonly HistoryFinding[]; fingerprint?: VpcFingerprint },
  after: { findings: readonly HistoryFinding[]; fingerprint?: VpcFingerprint },
): {
  finding?: HistoryFinding;
  cause?: SnapshotChange;
  changes: SnapshotChange[];
} {
  const changes =
    before.fingerprint && after.fingerprint
      ? diffSnapshots(before.fingerprint, after.fingerprint)
      : [];
  // A break is explained by what it found new; a recovery by what it no longer finds.
  const added = newFindings(before.findings, after.findings);
  const fresh = added.length
    ? added
    : newFindings(after.findings, before.findings);
  const rank: Record<string, number> = { error: 0, warning: 1 };
  const severityRank = (s: string) => rank[s] ?? 2;
  const ranked = [...fresh].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity),
  );
  for (const finding of ranked) {
    const [cause] = changesExplaining(finding, changes);
    if (cause) return { finding, cause, changes };
  }
  return { finding: ranked[0], changes };
}
