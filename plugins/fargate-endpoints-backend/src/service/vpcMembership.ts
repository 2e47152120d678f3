/**
 * Task subnets and security groups that the VPC does not contain. The engine's orchestrator
 * (checkNetwork, checkEcsService) makes the same checks, but it reads AWS itself; the backend
 * evaluates cached snapshots, so it repeats them here.
 */
import { InputError } from '@backstage/errors';
import type {
  CheckReport,
  RuleId,
  UnknownCheck,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type {
  ServiceSpec,
  VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';

/** Rules that depend on knowing the task subnets. */
const SUBNET_RULES: RuleId[] = [
  'missing-endpoint',
  's3-route-table-missing',
  'nacl-blocks-https',
  'public-ip-required',
  'image-registry-unreachable',
  'endpoint-az-gap',
  'endpoint-sg-blocks-tasks',
  'custom-egress',
  'nat-egress',
];
/** Rules that depend on knowing the task security groups. */
const SECURITY_GROUP_RULES: RuleId[] = [
  'endpoint-sg-blocks-tasks',
  'task-egress-blocked',
];

/** Task subnets and security groups absent from the snapshot (only where that part was read). */
export function absentFromVpc(
  snapshot: VpcSnapshot,
  spec: Pick<ServiceSpec, 'subnetIds' | 'securityGroupIds'>,
): { subnetIds: string[]; securityGroupIds: string[] } {
  const unread = new Set(snapshot.failures.map(f => f.part));
  const subnetIds = new Set(snapshot.subnets.map(s => s.id));
  const groupIds = new Set(snapshot.securityGroups.map(g => g.id));
  return {
    subnetIds: unread.has('subnets')
      ? []
      : spec.subnetIds.filter(id => !subnetIds.has(id)),
    securityGroupIds: unread.has('securityGroups')
      ? []
      : spec.securityGroupIds.filter(id => !groupIds.has(id)),
  };
}

/**
 * Explicit network input that names subnets or security groups of another VPC contradicts
 * itself: a report about the VPC would mislead. Throws InputError naming the field.
 */
export function assertNetworkInputInVpc(
  snapshot: VpcSnapshot,
  spec: Pick<ServiceSpec, 'subnetIds' | 'securityGroupIds'>,
  fields: { subnetIds: string; securityGroupIds: string },
): void {
  const absent = absentFromVpc(snapshot, spec);
  if (absent.subnetIds.length > 0) {
    throw new InputError(
      `${fields.subnetIds}: ${absent.subnetIds.join(', ')} ${
        absent.subnetIds.length === 1 ? 'is' : 'are'
      } not in ${snapshot.vpcId}; ` +
        `its subnets are ${
          snapshot.subnets.map(s => s.id).join(', ') || 'none'
        }`,
    );
  }
  if (absent.securityGroupIds.length > 0) {
    throw new InputError(
      `${fields.securityGroupIds}: ${absent.securityGroupIds.join(', ')} ${
        absent.securityGroupIds.length === 1 ? 'is' : 'are'
      } not in ${snapshot.vpcId}`,
    );
  }
}

/**
 * A live ECS service pointing at a deleted subnet or security group: the rules cannot judge
 * it, so the report says so and does not claim to be complete.
 */
export function withAbsentResources(
  report: CheckReport,
  snapshot: VpcSnapshot,
  spec: ServiceSpec,
): CheckReport {
  const absent = absentFromVpc(snapshot, spec);
  const candidates: Array<{ id: string; unknown: UnknownCheck }> = [
    ...absent.subnetIds.map(id => ({
      id,
      unknown: {
        check: `task subnet ${id}`,
        rules: SUBNET_RULES,
        call: 'DescribeSubnets',
        reason: `subnet ${id} of the service was not found in ${snapshot.vpcId} (deleted, or in another VPC)`,
      },
    })),
    ...absent.securityGroupIds.map(id => ({
      id,
      unknown: {
        check: `task security group ${id}`,
        rules: SECURITY_GROUP_RULES,
        call: 'DescribeSecurityGroups',
        reason: `security group ${id} of the service was not found in ${snapshot.vpcId} (deleted, or in another VPC)`,
      },
    })),
  ];
  // The rules may already report an absent resource; say it once.
  const extra = candidates
    .filter(
      ({ id }) =>
        !report.unknown.some(
          k => k.check.includes(id) || k.reason.includes(id),
        ),
    )
    .map(c => c.unknown);
  if (extra.length === 0) return report;
  const hasError = report.findings.some(f => f.severity === 'error');
  return {
    ...report,
    unknown: [...report.unknown, ...extra],
    complete: false,
    ready: false,
    verdict: hasError ? 'not-ready' : 'unknown',
  };
}
