/**
 * Turns what could not be read into `unknown` results, and decides which rules must not run
 * on missing data: a rule that runs without its data either passes silently or fires a false
 * error, and the report promises neither.
 */
import {
  RULE_IDS,
  RuleId,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { EcsPart, SnapshotPart } from '../model';
import { networkAclForSubnet } from '../network/nacl';
import { RuleContext, addUnknown } from './context';

const SG_RULES: RuleId[] = ['endpoint-sg-blocks-tasks', 'task-egress-blocked'];
/**
 * The spoke side of a hub endpoint needs the route there, the task groups and the network
 * ACL: without one of them an empty list would read as "blocked", a false error.
 */
const HUB_PATH_PARTS: SnapshotPart[] = [
  'subnets',
  'routeTables',
  'securityGroups',
  'networkAcls',
];
const ENDPOINT_RULES: RuleId[] = [
  'missing-endpoint',
  'endpoint-not-available',
  'private-dns-disabled',
  'endpoint-sg-blocks-tasks',
  'task-egress-blocked',
  's3-route-table-missing',
  'nacl-blocks-https',
  'endpoint-policy-denies',
  'endpoint-az-gap',
];
const PATH_RULES: RuleId[] = [
  ...ENDPOINT_RULES,
  'public-ip-required',
  'image-registry-unreachable',
  'custom-egress',
  'nat-egress',
];

interface PartEffect {
  check: string;
  rules: RuleId[];
  /**
   * The rules that must not run: true for all of `rules`, false when they still run on what
   * is known (the errors they find stay true), or the list of those that must not.
   */
  skip: boolean | RuleId[];
}

const SNAPSHOT_PART_EFFECTS: Record<SnapshotPart, PartEffect> = {
  vpc: { check: 'VPC', rules: ['custom-dns'], skip: true },
  dnsSupport: {
    check: 'VPC DNS support',
    rules: ['vpc-dns-disabled'],
    skip: true,
  },
  dnsHostnames: {
    check: 'VPC DNS hostnames',
    rules: ['vpc-dns-disabled'],
    skip: true,
  },
  dhcpOptions: {
    check: 'DHCP options (DNS servers)',
    rules: ['custom-dns'],
    skip: true,
  },
  subnets: {
    check: 'subnets',
    rules: [...SG_RULES, 'nacl-blocks-https', 'endpoint-az-gap'],
    skip: true,
  },
  // Endpoints that capture traffic through private DNS do so on any path, so their own rules
  // still run; what depends on knowing the path does not.
  routeTables: {
    check: 'route tables (egress path)',
    rules: PATH_RULES,
    skip: [
      'missing-endpoint',
      'private-dns-disabled',
      's3-route-table-missing',
      'public-ip-required',
      'image-registry-unreachable',
      'custom-egress',
      'nat-egress',
    ],
  },
  endpoints: { check: 'VPC endpoints', rules: ENDPOINT_RULES, skip: true },
  securityGroups: { check: 'security groups', rules: SG_RULES, skip: true },
  networkAcls: {
    check: 'network ACLs',
    rules: ['nacl-blocks-https'],
    skip: true,
  },
  // Only the S3 half of these rules needs the prefix list; the rules skip that half themselves.
  s3PrefixList: {
    check: 'S3 prefix list (S3 egress and NACL checks)',
    rules: ['task-egress-blocked', 'nacl-blocks-https'],
    skip: false,
  },
  // Recorded by missing-endpoint itself, only for a service no endpoint of the VPC serves.
  privateZones: {
    check: 'private hosted zones (shared hub endpoints)',
    rules: ['missing-endpoint', 'hub-zone-wrong-name'],
    skip: false,
  },
  // Recorded by the security group rules themselves, and only when a verdict hangs on a list.
  managedPrefixLists: {
    check: 'customer-managed prefix lists',
    rules: SG_RULES,
    skip: false,
  },
};

const ECS_PART_EFFECTS: Record<EcsPart, PartEffect> = {
  service: { check: 'ECS service', rules: [...RULE_IDS], skip: true },
  // Needs given explicitly are still checked; what the task definition would add is not.
  taskDefinition: {
    check: 'task definition (needs and images)',
    rules: [
      'missing-endpoint',
      'image-registry-unreachable',
      ...ENDPOINT_RULES.slice(1),
    ],
    skip: false,
  },
  stoppedTasks: { check: 'stopped tasks', rules: [], skip: false },
};

/** Records an unknown for every part of the snapshot or the ECS read that failed. */
export function recordReadFailures(ctx: RuleContext): void {
  const failures = [
    ...ctx.snapshot.failures
      .filter(f => f.part !== 'managedPrefixLists' && f.part !== 'privateZones')
      .map(f => ({
        ...f,
        effect: SNAPSHOT_PART_EFFECTS[f.part],
      })),
    ...ctx.spec.failures.map(f => ({ ...f, effect: ECS_PART_EFFECTS[f.part] })),
  ];
  const hubServed = ctx.endpointUses.some(u => u.hub);
  for (const { effect, call, reason, part } of failures) {
    const hubPath =
      hubServed && (HUB_PATH_PARTS as string[]).includes(part as string);
    const rules: RuleId[] = hubPath
      ? [...effect.rules, 'hub-endpoint-unreachable']
      : effect.rules;
    if (hubPath) ctx.skipped.add('hub-endpoint-unreachable');
    addUnknown(
      ctx,
      { check: effect.check, rules, call, reason },
      effect.skip === true,
    );
    if (Array.isArray(effect.skip))
      effect.skip.forEach(rule => ctx.skipped.add(rule));
  }
}

function failed(ctx: RuleContext, part: SnapshotPart): boolean {
  return ctx.snapshot.failures.some(f => f.part === part);
}

/**
 * Records unknowns for data that is missing without a read failure: a task subnet or security
 * group that is not in the VPC, a VPC attribute the collector left out, an endpoint security
 * group that was not returned, an S3 prefix list that was not read.
 */
export function recordMissingData(ctx: RuleContext): void {
  const { snapshot, spec } = ctx;
  if (!failed(ctx, 'subnets')) {
    const subnetRules = SNAPSHOT_PART_EFFECTS.subnets.rules;
    const absent = spec.subnetIds.filter(
      subnetId => !snapshot.subnets.some(s => s.id === subnetId),
    );
    for (const id of absent) {
      // Its path is unknown too; path rules still run for the other subnets.
      const pathRules = PATH_RULES.filter(rule => !subnetRules.includes(rule));
      addUnknown(
        ctx,
        {
          check: `subnet ${id}`,
          rules: [...subnetRules, ...pathRules],
          reason: `${id} is not a subnet of ${snapshot.vpcId} (wrong VPC, or deleted)`,
        },
        false,
      );
      subnetRules.forEach(rule => ctx.skipped.add(rule));
    }
  }
  if (!failed(ctx, 'securityGroups')) {
    const groupIds = [
      ...spec.securityGroupIds,
      ...ctx.endpointUses.flatMap(u =>
        u.inUse ? u.endpoint?.securityGroupIds ?? [] : [],
      ),
    ];
    for (const id of new Set(groupIds)) {
      if (snapshot.securityGroups.some(g => g.id === id)) continue;
      addUnknown(ctx, {
        check: `security group ${id}`,
        rules: SG_RULES,
        reason: `${id} is not a security group of ${snapshot.vpcId} (wrong VPC, or deleted)`,
      });
    }
  }
  const attributes: Array<[SnapshotPart, boolean | undefined]> = [
    ['dnsSupport', snapshot.enableDnsSupport],
    ['dnsHostnames', snapshot.enableDnsHostnames],
  ];
  for (const [part, value] of attributes) {
    if (value === undefined && !failed(ctx, part)) {
      addUnknown(ctx, {
        check: SNAPSHOT_PART_EFFECTS[part].check,
        rules: ['vpc-dns-disabled'],
        call: 'DescribeVpcAttribute',
        reason: 'the attribute was not read',
      });
    }
  }
  const s3InUse = ctx.endpointUses.some(
    u => u.requirement.service === 's3' && u.inUse,
  );
  recordMissingRouteTables(ctx);
  recordMissingNetworkAcls(ctx);
  recordEmptyPrefixList(ctx);
  if (s3InUse && !snapshot.s3PrefixList && !failed(ctx, 's3PrefixList')) {
    addUnknown(
      ctx,
      {
        check: SNAPSHOT_PART_EFFECTS.s3PrefixList.check,
        rules: SNAPSHOT_PART_EFFECTS.s3PrefixList.rules,
        call: 'DescribePrefixLists',
        reason: `the S3 prefix list of ${snapshot.region} was not read`,
      },
      false,
    );
  }
}

/** Task subnets with no effective route table in an answer that listed the route tables. */
function recordMissingRouteTables(ctx: RuleContext): void {
  if (failed(ctx, 'routeTables') || failed(ctx, 'subnets')) return;
  for (const path of ctx.subnetPaths) {
    if (path.path !== 'unknown') continue;
    if (!ctx.snapshot.subnets.some(s => s.id === path.subnetId)) continue; // reported as absent
    addUnknown(
      ctx,
      {
        check: `route table of ${path.subnetId}`,
        rules: PATH_RULES,
        call: 'DescribeRouteTables',
        reason: `the answer holds no route table associated with ${path.subnetId} and no main route table of ${ctx.snapshot.vpcId}, so its egress path is unknown`,
      },
      false,
    );
  }
}

/** Subnets a NACL check crosses whose network ACL (or the subnet itself) is not in the answer. */
function recordMissingNetworkAcls(ctx: RuleContext): void {
  if (failed(ctx, 'networkAcls') || failed(ctx, 'subnets')) return;
  const { snapshot } = ctx;
  const endpointSubnetIds = ctx.endpointUses.flatMap(u =>
    u.inUse && u.endpoint ? u.endpoint.subnetIds : [],
  );
  for (const id of new Set([...ctx.spec.subnetIds, ...endpointSubnetIds])) {
    const subnet = snapshot.subnets.find(s => s.id === id);
    if (!subnet) {
      if (ctx.spec.subnetIds.includes(id)) continue; // reported as an absent task subnet
      addUnknown(
        ctx,
        {
          check: `endpoint subnet ${id}`,
          rules: ['nacl-blocks-https', 'endpoint-az-gap'],
          call: 'DescribeSubnets',
          reason: `an endpoint uses ${id}, which the answer does not hold`,
        },
        false,
      );
      continue;
    }
    if (!networkAclForSubnet(snapshot.networkAcls, id)) {
      addUnknown(
        ctx,
        {
          check: `network ACL of ${id}`,
          rules: ['nacl-blocks-https'],
          call: 'DescribeNetworkAcls',
          reason: `the answer holds no network ACL associated with ${id} and no default network ACL of ${snapshot.vpcId}`,
        },
        false,
      );
    }
  }
}

/** The S3 prefix list came back, but without the CIDRs the S3 egress and NACL checks compare. */
function recordEmptyPrefixList(ctx: RuleContext): void {
  const list = ctx.snapshot.s3PrefixList;
  const s3InUse = ctx.endpointUses.some(
    u => u.requirement.service === 's3' && u.inUse,
  );
  if (!s3InUse || !list || list.cidrs.length > 0) return;
  addUnknown(
    ctx,
    {
      check: SNAPSHOT_PART_EFFECTS.s3PrefixList.check,
      rules: SNAPSHOT_PART_EFFECTS.s3PrefixList.rules,
      call: 'DescribePrefixLists',
      reason: `the S3 prefix list ${list.id} came back without its CIDRs`,
    },
    false,
  );
}

/** True when the S3 prefix list is known, so S3 egress and NACL checks can run. */
export function s3PrefixListKnown(ctx: RuleContext): boolean {
  return Boolean(
    ctx.snapshot.s3PrefixList && ctx.snapshot.s3PrefixList.cidrs.length > 0,
  );
}
