/**
 * AWS throttles per account, region and action group, each group with a token bucket of its
 * own. The engine paces its calls the same way, one client-side bucket per account, region
 * and group, a little under AWS's, so that the checker alone never reaches AWS's.
 *
 * AWS's documented buckets (docs/domain.md#reading-the-live-state):
 * - EC2, "Request throttling for the Amazon EC2 API"
 *   (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html): non-mutating
 *   Describe* 100 at once, refilled 20 per second; unfiltered and unpaginated
 *   DescribeSecurityGroups, DescribeNetworkInterfaces and DescribeInstances 50 / 10. (The
 *   page now says each API has its own bucket; counting every Describe* against one bucket
 *   is the safe reading.)
 * - ECS, "Request throttling for the Amazon ECS API"
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html):
 *   DescribeServices/ListServices 100 / 20; DescribeTasks/ListTasks 100 / 20; task
 *   definition reads 50 / 20; cluster reads 50 / 20.
 * - Route 53, "Throttling for Amazon Route 53 API requests", Route 53 Developer Guide
 *   (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/throttling-api-requests.html):
 *   one bucket per ACCOUNT (Route 53 is global: every region shares it) for all actions
 *   combined, 50 at once refilled 10 per second, and one per action of the same size for
 *   the read actions the engine uses (ListHostedZonesByVPC, ListResourceRecordSets). Older
 *   AWS pages (and an earlier version of our domain notes) say "five requests per second per
 *   account"; the page above supersedes them (Route 53 doubled the rate when it added change-based
 *   throttling).
 * - EFS (DescribeFileSystems, DescribeMountTargets...), ECR (DescribePullThroughCacheRules,
 *   DescribeImages...) and Route 53 Profiles (ListProfileAssociations,
 *   ListProfileResourceAssociations, a regional service): no request rate documented for
 *   these reads, so the smallest bucket above (50 / 10 per account and region) stands in:
 *   pessimistic on purpose.
 */

/**
 * A sustained request rate with a burst allowance: the shape of AWS's token buckets.
 *
 * @public
 */
export interface RequestRate {
  /** Tokens added per second (the sustained rate). */
  requestsPerSecond: number;
  /** Bucket size: requests allowed at once after a quiet spell. */
  burst: number;
}

/**
 * The action groups AWS throttles separately.
 *
 * @public
 */
export type AwsActionGroup =
  | 'ec2-describe'
  | 'ec2-unfiltered-describe'
  | 'ecs-services'
  | 'ecs-tasks'
  | 'ecs-task-definitions'
  | 'ecs-clusters'
  | 'ecs-other'
  | 'route53'
  | 'route53profiles'
  | 'efs'
  | 'ecr';

/** Every action group, in a stable order (config keys, printing). */
export const AWS_ACTION_GROUPS: readonly AwsActionGroup[] = [
  'ec2-describe',
  'ec2-unfiltered-describe',
  'ecs-services',
  'ecs-tasks',
  'ecs-task-definitions',
  'ecs-clusters',
  'ecs-other',
  'route53',
  'route53profiles',
  'efs',
  'ecr',
];

/**
 * AWS's documented bucket per action group (see the sources above).
 *
 * @public
 */
export const AWS_DOCUMENTED_REQUEST_RATES: Readonly<
  Record<AwsActionGroup, RequestRate>
> = Object.freeze({
  'ec2-describe': { requestsPerSecond: 20, burst: 100 },
  'ec2-unfiltered-describe': { requestsPerSecond: 10, burst: 50 },
  'ecs-services': { requestsPerSecond: 20, burst: 100 },
  'ecs-tasks': { requestsPerSecond: 20, burst: 100 },
  'ecs-task-definitions': { requestsPerSecond: 20, burst: 50 },
  'ecs-clusters': { requestsPerSecond: 20, burst: 50 },
  // Not documented for the actions it holds: the smallest bucket above, pessimistically.
  'ecs-other': { requestsPerSecond: 10, burst: 50 },
  // Per account, every region alike: Route 53 is global (clients.ts keys it so).
  route53: { requestsPerSecond: 10, burst: 50 },
  // Not documented: the smallest bucket above, pessimistically.
  route53profiles: { requestsPerSecond: 10, burst: 50 },
  efs: { requestsPerSecond: 10, burst: 50 },
  ecr: { requestsPerSecond: 10, burst: 50 },
});

/** The AWS services whose calls the engine paces. */
export type PacedAwsService =
  | 'ec2'
  | 'ecs'
  | 'route53'
  | 'route53profiles'
  | 'efs'
  | 'ecr';

const UNFILTERED_SENSITIVE = new Set([
  'DescribeInstances',
  'DescribeNetworkInterfaces',
  'DescribeSecurityGroups',
]);

const ECS_GROUPS: Record<string, AwsActionGroup> = {
  DescribeServices: 'ecs-services',
  ListServices: 'ecs-services',
  ListServicesByNamespace: 'ecs-services',
  DescribeTasks: 'ecs-tasks',
  ListTasks: 'ecs-tasks',
  DescribeTaskDefinition: 'ecs-task-definitions',
  ListTaskDefinitions: 'ecs-task-definitions',
  ListTaskDefinitionFamilies: 'ecs-task-definitions',
  DescribeClusters: 'ecs-clusters',
  ListClusters: 'ecs-clusters',
};

/** True when an EC2 input filters, names ids or pages. */
function narrowed(input: Record<string, unknown> | undefined): boolean {
  if (!input) return false;
  return Object.entries(input).some(
    ([key, value]) =>
      value !== undefined &&
      (key === 'Filters' ||
        key === 'MaxResults' ||
        key === 'NextToken' ||
        key.endsWith('Ids')) &&
      !(Array.isArray(value) && value.length === 0),
  );
}

/**
 * The action group a call draws on: `action` is the API name (`DescribeServices`) or the SDK
 * command name (`DescribeServicesCommand`).
 */
export function actionGroupOf(
  service: PacedAwsService,
  action: string,
  input?: Record<string, unknown>,
): AwsActionGroup {
  const name = action.replace(/Command$/, '');
  if (
    service === 'route53' ||
    service === 'route53profiles' ||
    service === 'efs' ||
    service === 'ecr'
  )
    return service;
  if (service === 'ec2') {
    return UNFILTERED_SENSITIVE.has(name) && !narrowed(input)
      ? 'ec2-unfiltered-describe'
      : 'ec2-describe';
  }
  return ECS_GROUPS[name] ?? 'ecs-other';
}

/** A share of every documented bucket: `fraction` of the burst and of the refill. */
export function requestRatesBelowAws(
  fraction: number,
): Record<AwsActionGroup, RequestRate> {
  const rates = {} as Record<AwsActionGroup, RequestRate>;
  for (const group of AWS_ACTION_GROUPS) {
    const aws = AWS_DOCUMENTED_REQUEST_RATES[group];
    rates[group] = {
      requestsPerSecond: aws.requestsPerSecond * fraction,
      burst: Math.max(1, Math.floor(aws.burst * fraction)),
    };
  }
  return rates;
}
