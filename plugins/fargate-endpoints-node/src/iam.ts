/**
 * The read-only IAM the checker needs: exactly the calls the engine makes, no more. The
 * READMEs print {@link checkerIamPolicy}; a test holds both to the calls a check really makes.
 */

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

/** The IAM policy document for the checker's role: read-only, on `*` (these actions take no resource ARNs). */
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
        Action: [...CHECKER_IAM_ACTIONS],
        Resource: '*',
      },
    ],
  };
}
