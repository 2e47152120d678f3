/**
 * The read-only IAM the checker needs: exactly the calls the engine makes, no more. The
 * READMEs print {@link checkerIamPolicy}; a test holds both to the calls a check really makes.
 */

import type {
  CheckReport,
  MissingPermissions,
  UnknownCheck,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/**
 * Every AWS action the engine calls, by IAM name.
 *
 * @public
 */
export const CHECKER_IAM_ACTIONS = [
  'ec2:DescribeVpcs',
  'ec2:DescribeVpcAttribute',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeSubnets',
  'ec2:DescribeRouteTables',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribePrefixLists',
  // Customer-managed prefix lists that security group rules name.
  'ec2:GetManagedPrefixListEntries',
  // Shared endpoints in a hub VPC: the private hosted zones associated with the VPC.
  'route53:ListHostedZonesByVPC',
  'route53:ListResourceRecordSets',
  // ... and the zones a Route 53 Profile brings it: the VPC's Profile, the Profile's zones.
  'route53profiles:ListProfileAssociations',
  'route53profiles:ListProfileResourceAssociations',
  // EFS volumes: the mount targets of the file systems a task definition mounts.
  'elasticfilesystem:DescribeMountTargets',
  'elasticfilesystem:DescribeMountTargetSecurityGroups',
  // ECR pull-through cache: the registry's rules and whether an image is cached yet.
  'ecr:DescribePullThroughCacheRules',
  'ecr:DescribeImages',
  // Images in another account's registry: its repository policy, when it lets this account read it.
  'ecr:GetRepositoryPolicy',
  'ecs:DescribeServices',
  'ecs:DescribeTaskDefinition',
  'ecs:ListTasks',
  'ecs:DescribeTasks',
] as const;

/**
 * A reason the engine wrote for a call AWS refused with its own credentials
 * (`describeAwsError`): `AccessDenied: not authorized to perform ec2:DescribeNetworkAcls`. A
 * hub role's refusal carries a prefix and is the hub role's to fix, not the checker's.
 */
const REFUSED =
  /^(?:AccessDenied|AccessDeniedException|UnauthorizedOperation): not authorized to perform ([a-z0-9-]+:[A-Za-z0-9]+)$/;

/**
 * The IAM actions the unknowns say AWS refused the checker, with the statement to add; undefined
 * when none was refused.
 */
export function missingPermissionsFor(
  unknown: readonly UnknownCheck[],
): MissingPermissions | undefined {
  const refused = unknown.flatMap(u => {
    const m = REFUSED.exec(u.reason);
    return m ? [{ action: m[1], check: u.check }] : [];
  });
  if (refused.length === 0) return undefined;
  const actions = [...new Set(refused.map(r => r.action))].sort();
  return {
    actions,
    checks: [...new Set(refused.map(r => r.check))],
    statement: {
      Sid: 'FargateEndpointsReadOnly',
      Effect: 'Allow',
      Action: actions,
      Resource: '*',
    },
  };
}

/** The report's `missingPermissions`, present only when AWS refused the checker a read. */
export function withMissingPermissions(
  unknown: readonly UnknownCheck[],
): Pick<CheckReport, 'missingPermissions'> {
  const missing = missingPermissionsFor(unknown);
  return missing ? { missingPermissions: missing } : {};
}

/** What a plan's impact calls besides a check's actions: every service of the VPCs it touches. */
export const IMPACT_IAM_ACTIONS = [
  'ecs:ListClusters',
  'ecs:ListServices',
] as const;

/** The IAM policy document for the checker's role (checks and plan impacts): read-only, on `*` (these actions take no resource ARNs). */
export function checkerIamPolicy(): {
  Version: string;
  Statement: Array<{
    Sid: string;
    Effect: 'Allow';
    Action: string[];
    Resource: string;
  }>;
} {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'FargateEndpointsReadOnly',
        Effect: 'Allow',
        Action: [...CHECKER_IAM_ACTIONS, ...IMPACT_IAM_ACTIONS],
        Resource: '*',
      },
    ],
  };
}
